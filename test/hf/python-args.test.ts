/**
 * Command-line defaults (src/hf/python-args.ts): which `receiver.dest` expressions a Python script's
 * argparse options and absl flags give a string default, and which they do not.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { argDefaults, defaultOf } from '../../src/hf/python-args.js';

const P = 'import argparse\nparser = argparse.ArgumentParser()\n';

describe('command-line defaults', () => {
  const valid: [string, string, string, { value: string; option: string }][] = [
    ['a long option', `${P}parser.add_argument("--model", default="org/m")\nargs = parser.parse_args()\n`, 'args.model', { value: 'org/m', option: '--model' }],
    ['dashes become underscores; the long option names the dest', `${P}parser.add_argument("-m", "--base-model", type=str, default='org/m')\nargs = parser.parse_args()\n`, 'args.base_model', { value: 'org/m', option: '--base-model' }],
    ['dest= wins', `${P}parser.add_argument("--m", dest="model", default="org/m")\nargs = parser.parse_args()\n`, 'args.model', { value: 'org/m', option: '--m' }],
    ['a positional with nargs="?"', `${P}parser.add_argument("model", nargs="?", default="org/m")\nopt = parser.parse_args()\n`, 'opt.model', { value: 'org/m', option: 'model' }],
    ['parse_known_args into two names', `${P}parser.add_argument("--model", default="org/m")\nargs, rest = parser.parse_known_args()\n`, 'args.model', { value: 'org/m', option: '--model' }],
    ['a help text with parentheses and commas, keywords over lines', `${P}parser.add_argument(\n    "--model",\n    help="the model (a Hub id, or a path), say",  # (comment)\n    default="org/m",\n)\nargs = parser.parse_args()\n`, 'args.model', { value: 'org/m', option: '--model' }],
    ['the same default twice', `${P}a.add_argument("--model", default="org/m")\nb.add_argument("--model", default="org/m")\nargs = parser.parse_args()\n`, 'args.model', { value: 'org/m', option: '--model' }],
    ['a function that returns the parse', `${P}def parse():\n    parser.add_argument("--model", default="org/m")\n    return parser.parse_args()\nconfig = parse()\n`, 'config.model', { value: 'org/m', option: '--model' }],
    ['HfArgumentParser dataclass fields: field(default=…)', `from dataclasses import dataclass, field\n@dataclass\nclass ModelArguments:\n    model_name_or_path: Optional[str] = field(\n        default="org/m", metadata={"help": "the model (a, b)"}\n    )\n    cache_dir: str = field(default=None)\nparser = HfArgumentParser((ModelArguments, TrainingArguments))\nmodel_args, training_args = parser.parse_args_into_dataclasses()\n`, 'model_args.model_name_or_path', { value: 'org/m', option: '--model_name_or_path' }],
    ['HfArgumentParser dataclass fields: a plain default, parse_yaml_file into a tuple', `@dataclass\nclass ScriptArguments:\n    base_model: str = "org/m"  # the base\n(script_args,) = parser.parse_yaml_file("a.yaml")\n`, 'script_args.base_model', { value: 'org/m', option: '--base_model' }],
    ['set_defaults wins over the option\'s own default', `${P}parser.add_argument("--model-name", default="org/old")\nparser.set_defaults(model_name="org/new", lr=3e-5)\nargs = parser.parse_args()\n`, 'args.model_name', { value: 'org/new', option: '--model-name' }],
    ['set_defaults of a dest with no option of its own', `${P}parser.add_argument("--lr")\nparser.set_defaults(model="org/m")\nargs = parser.parse_args()\n`, 'args.model', { value: 'org/m', option: '--model' }],
    ['absl keywords', 'from absl import flags\nflags.DEFINE_string(name="model", default="org/m", help="x")\n', 'FLAGS.model', { value: 'org/m', option: '--model' }],
  ];
  for (const [name, src, expr, want] of valid) {
    it(`valid: ${name}`, () => assert.deepEqual(defaultOf(expr, argDefaults(src)), want));
  }

  const invalid: [string, string, string][] = [
    ['no default', `${P}parser.add_argument("--model")\nargs = parser.parse_args()\n`, 'args.model'],
    ['a None default', `${P}parser.add_argument("--model", default=None)\nargs = parser.parse_args()\n`, 'args.model'],
    ['an f-string default', `${P}parser.add_argument("--model", default=f"org/{x}")\nargs = parser.parse_args()\n`, 'args.model'],
    ['a default from a name', `${P}parser.add_argument("--model", default=MODEL)\nargs = parser.parse_args()\n`, 'args.model'],
    ['two different defaults', `${P}a.add_argument("--model", default="org/a")\nb.add_argument("--model", default="org/b")\nargs = parser.parse_args()\n`, 'args.model'],
    ['a receiver the file never assigns a parse to', `${P}parser.add_argument("--model", default="org/m")\nargs = parser.parse_args()\n`, 'cfg.model'],
    ['no parse in the file', `${P}parser.add_argument("--model", default="org/m")\n`, 'args.model'],
    ['an option of another name', `${P}parser.add_argument("--model", default="org/m")\nargs = parser.parse_args()\n`, 'args.model_name'],
    ['a deeper expression', `${P}parser.add_argument("--model", default="org/m")\nargs = parser.parse_args()\n`, 'args.model.name'],
    ['two set_defaults that differ (subcommands)', `${P}parser.add_argument("--model", default="org/m")\na.set_defaults(model="org/a")\nb.set_defaults(model="org/b")\nargs = parser.parse_args()\n`, 'args.model'],
    ['set_defaults to a name', `${P}parser.add_argument("--model", default="org/m")\nparser.set_defaults(model=MODEL)\nargs = parser.parse_args()\n`, 'args.model'],
    ['a call that never closes', `${P}parser.add_argument("--model", default="org/m"\nargs = parser.parse_args()\n`, 'args.model'],
    ['a dataclass field with no string default', `@dataclass\nclass A:\n    model: str = field(default_factory=lambda: "org/m")\n    other: str = field(default=None)\nargs, = parser.parse_args_into_dataclasses()\n`, 'args.model'],
    ['a dataclass field two classes give different defaults', `@dataclass\nclass A:\n    model: str = "org/a"\n@dataclass\nclass B:\n    model: str = "org/b"\na, b = parser.parse_args_into_dataclasses()\n`, 'a.model'],
    ['dataclass fields with no HfArgumentParser parse in the file', `@dataclass\nclass A:\n    model: str = "org/a"\na = A()\n`, 'a.model'],
    ['the call in a comment line is read, but its parse is only a comment', `${P}parser.add_argument("--model", default="org/m")\n# args = parser.parse_args()\n`, 'args.model'],
  ];
  for (const [name, src, expr] of invalid) {
    it(`invalid: ${name}`, () => assert.equal(defaultOf(expr, argDefaults(src)), undefined));
  }

  it('hostile input stays linear: unclosed calls, many parses in functions, long help strings', () => {
    const cases = [
      `${P}${'parser.add_argument("--m", help="' + 'x('.repeat(2000) + '\n'.repeat(1)}`.repeat(2000) + 'args = parser.parse_args()\n',
      `${P}parser.add_argument("--model", default="org/m")\n${'def f():\n    return parser.parse_args()\n'.repeat(20_000)}`,
      `${P}${'    x = p.parse_args(\n'.repeat(50_000)}parser.add_argument("--model", default="org/m")\n`,
      `@dataclass\nclass A:\n${'    x: str = field(help="(" \n'.repeat(100_000)}a, b = p.parse_args_into_dataclasses()\n`,
    ];
    for (const src of cases) {
      const t0 = Date.now();
      argDefaults(src);
      assert.ok(Date.now() - t0 < 1500, `${Date.now() - t0} ms for ${src.length} characters`);
    }
  });
});
