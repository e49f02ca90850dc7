/**
 * Python 2 → 3 name fixes the unpickler applies to GLOBAL / STACK_GLOBAL / INST / EXT names when
 * the pickle's protocol is below 3 and `fix_imports` is on (the default; torch.load and joblib keep
 * it). Data only: copied from CPython `Lib/_compat_pickle.py` (IMPORT_MAPPING and NAME_MAPPING,
 * including the non-mutual updates and the generated exception entries), applied as
 * `_pickle.c::_pickle_Unpickler_find_class_impl` does: NAME_MAPPING on (module, name) first, else
 * IMPORT_MAPPING on the module alone.
 */

/** Module renames (`_compat_pickle.IMPORT_MAPPING`). */
export const IMPORT_MAPPING: Readonly<Record<string, string>> = {
  '__builtin__': 'builtins',
  'copy_reg': 'copyreg',
  'Queue': 'queue',
  'SocketServer': 'socketserver',
  'ConfigParser': 'configparser',
  'repr': 'reprlib',
  'tkFileDialog': 'tkinter.filedialog',
  'tkSimpleDialog': 'tkinter.simpledialog',
  'tkColorChooser': 'tkinter.colorchooser',
  'tkCommonDialog': 'tkinter.commondialog',
  'Dialog': 'tkinter.dialog',
  'Tkdnd': 'tkinter.dnd',
  'tkFont': 'tkinter.font',
  'tkMessageBox': 'tkinter.messagebox',
  'ScrolledText': 'tkinter.scrolledtext',
  'Tkconstants': 'tkinter.constants',
  'Tix': 'tkinter.tix',
  'ttk': 'tkinter.ttk',
  'Tkinter': 'tkinter',
  'markupbase': '_markupbase',
  '_winreg': 'winreg',
  'thread': '_thread',
  'dummy_thread': '_dummy_thread',
  'dbhash': 'dbm.bsd',
  'dumbdbm': 'dbm.dumb',
  'dbm': 'dbm.ndbm',
  'gdbm': 'dbm.gnu',
  'xmlrpclib': 'xmlrpc.client',
  'SimpleXMLRPCServer': 'xmlrpc.server',
  'httplib': 'http.client',
  'htmlentitydefs': 'html.entities',
  'HTMLParser': 'html.parser',
  'Cookie': 'http.cookies',
  'cookielib': 'http.cookiejar',
  'BaseHTTPServer': 'http.server',
  'test.test_support': 'test.support',
  'commands': 'subprocess',
  'urlparse': 'urllib.parse',
  'robotparser': 'urllib.robotparser',
  'urllib2': 'urllib.request',
  'anydbm': 'dbm',
  '_abcoll': 'collections.abc',
  'cPickle': 'pickle',
  '_elementtree': 'xml.etree.ElementTree',
  'FileDialog': 'tkinter.filedialog',
  'SimpleDialog': 'tkinter.simpledialog',
  'DocXMLRPCServer': 'xmlrpc.server',
  'SimpleHTTPServer': 'http.server',
  'CGIHTTPServer': 'http.server',
  'UserDict': 'collections',
  'UserList': 'collections',
  'UserString': 'collections',
  'whichdb': 'dbm',
  'StringIO': 'io',
  'cStringIO': 'io',
};

/** (module, name) renames (`_compat_pickle.NAME_MAPPING`), keyed `module\u0000name` → [module, name]. */
const NAME_PAIRS: readonly (readonly [string, string, string, string])[] = [
  ['__builtin__', 'xrange', 'builtins', 'range'],
  ['__builtin__', 'reduce', 'functools', 'reduce'],
  ['__builtin__', 'intern', 'sys', 'intern'],
  ['__builtin__', 'unichr', 'builtins', 'chr'],
  ['__builtin__', 'unicode', 'builtins', 'str'],
  ['__builtin__', 'long', 'builtins', 'int'],
  ['itertools', 'izip', 'builtins', 'zip'],
  ['itertools', 'imap', 'builtins', 'map'],
  ['itertools', 'ifilter', 'builtins', 'filter'],
  ['itertools', 'ifilterfalse', 'itertools', 'filterfalse'],
  ['itertools', 'izip_longest', 'itertools', 'zip_longest'],
  ['UserDict', 'IterableUserDict', 'collections', 'UserDict'],
  ['UserList', 'UserList', 'collections', 'UserList'],
  ['UserString', 'UserString', 'collections', 'UserString'],
  ['whichdb', 'whichdb', 'dbm', 'whichdb'],
  ['_socket', 'fromfd', 'socket', 'fromfd'],
  ['_multiprocessing', 'Connection', 'multiprocessing.connection', 'Connection'],
  ['multiprocessing.process', 'Process', 'multiprocessing.context', 'Process'],
  ['multiprocessing.forking', 'Popen', 'multiprocessing.popen_fork', 'Popen'],
  ['urllib', 'ContentTooShortError', 'urllib.error', 'ContentTooShortError'],
  ['urllib', 'getproxies', 'urllib.request', 'getproxies'],
  ['urllib', 'pathname2url', 'urllib.request', 'pathname2url'],
  ['urllib', 'quote_plus', 'urllib.parse', 'quote_plus'],
  ['urllib', 'quote', 'urllib.parse', 'quote'],
  ['urllib', 'unquote_plus', 'urllib.parse', 'unquote_plus'],
  ['urllib', 'unquote', 'urllib.parse', 'unquote'],
  ['urllib', 'url2pathname', 'urllib.request', 'url2pathname'],
  ['urllib', 'urlcleanup', 'urllib.request', 'urlcleanup'],
  ['urllib', 'urlencode', 'urllib.parse', 'urlencode'],
  ['urllib', 'urlopen', 'urllib.request', 'urlopen'],
  ['urllib', 'urlretrieve', 'urllib.request', 'urlretrieve'],
  ['urllib2', 'HTTPError', 'urllib.error', 'HTTPError'],
  ['urllib2', 'URLError', 'urllib.error', 'URLError'],
  ['__builtin__', 'basestring', 'builtins', 'str'],
  ['exceptions', 'StandardError', 'builtins', 'Exception'],
  ['UserDict', 'UserDict', 'collections', 'UserDict'],
  ['socket', '_socketobject', 'socket', 'SocketType'],
];

/** `exceptions.X` → `builtins.X` for these (Python 2 exception names). */
const PY2_EXCEPTIONS: readonly string[] = ['ArithmeticError', 'AssertionError', 'AttributeError', 'BaseException', 'BufferError', 'BytesWarning', 'DeprecationWarning', 'EOFError', 'EnvironmentError', 'Exception', 'FloatingPointError', 'FutureWarning', 'GeneratorExit', 'IOError', 'ImportError', 'ImportWarning', 'IndentationError', 'IndexError', 'KeyError', 'KeyboardInterrupt', 'LookupError', 'MemoryError', 'NameError', 'NotImplementedError', 'OSError', 'OverflowError', 'PendingDeprecationWarning', 'ReferenceError', 'RuntimeError', 'RuntimeWarning', 'StopIteration', 'SyntaxError', 'SyntaxWarning', 'SystemError', 'SystemExit', 'TabError', 'TypeError', 'UnboundLocalError', 'UnicodeDecodeError', 'UnicodeEncodeError', 'UnicodeError', 'UnicodeTranslateError', 'UnicodeWarning', 'UserWarning', 'ValueError', 'Warning', 'ZeroDivisionError'];

/** `multiprocessing.X` → `multiprocessing.context.X`. */
const MULTIPROCESSING_EXCEPTIONS: readonly string[] = ['AuthenticationError', 'BufferTooShort', 'ProcessError', 'TimeoutError'];
/** NAME_MAPPING as module → name → [module, name]. */
export const NAME_MAPPING: ReadonlyMap<string, ReadonlyMap<string, readonly [string, string]>> = (() => {
  const m = new Map<string, Map<string, readonly [string, string]>>();
  const add = (mod: string, name: string, to: readonly [string, string]): void => {
    let inner = m.get(mod);
    if (inner === undefined) m.set(mod, (inner = new Map()));
    inner.set(name, to);
  };
  for (const [mod, name, toMod, toName] of NAME_PAIRS) add(mod, name, [toMod, toName]);
  for (const e of PY2_EXCEPTIONS) add('exceptions', e, ['builtins', e]);
  for (const e of MULTIPROCESSING_EXCEPTIONS) add('multiprocessing', e, ['multiprocessing.context', e]);
  return m;
})();

const IMPORTS: ReadonlyMap<string, string> = new Map(Object.entries(IMPORT_MAPPING));

/** What `find_class` looks up under protocol < 3: the mapped pair, or undefined when nothing applies. */
export function fixImports(module: string, name: string): { module: string; name: string } | undefined {
  const pair = NAME_MAPPING.get(module)?.get(name);
  if (pair !== undefined) return { module: pair[0], name: pair[1] };
  const mod = IMPORTS.get(module);
  return mod === undefined ? undefined : { module: mod, name };
}
