import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isManifest, readManifest } from '../../../src/lang/manifests/index.js';
import { placeAbsoluteMembers, swiftProjectFolders } from '../../../src/lang/manifests/swift.js';
import { expectRows, noWarnings, resolveTree } from './helpers.js';

const PACKAGE_SWIFT = [
  '// swift-tools-version: 5.9', // 1
  'import PackageDescription',
  '',
  'let package = Package(',
  '    name: "App",',
  '    dependencies: [',
  '        .package(url: "https://github.com/MacPaw/OpenAI.git", from: "0.2.4"),', // 7
  '        .package(url: "https://github.com/jamesrochabrun/SwiftOpenAI", exact: "4.0.6"),', // 8
  '        .package(url: "git@github.com:google-gemini/generative-ai-swift.git", .upToNextMajor(from: "0.5.0")),', // 9
  '        .package(url: "https://github.com/mattt/ollama-swift", .upToNextMinor(from: "1.2.0")),', // 10
  '        .package(url: "https://github.com/apple/swift-log", "1.0.0"..<"2.0.0"),', // 11
  '        .package(url: "https://github.com/apple/swift-nio", "2.0.0"..."2.9.9"),', // 12
  '        .package(url: "https://github.com/lzell/AIProxySwift", branch: "main"),', // 13
  '        .package(url: "https://github.com/eastriverlee/LLM.swift", revision: "152790ba069c00ecf1da5efe7c6419962ce294e3"),', // 14
  '        .package(name: "SwiftAnthropic", url: "https://github.com/jamesrochabrun/SwiftAnthropic.git", .exact("2.1.0")),', // 15
  '        // .package(url: "https://github.com/firebase/firebase-ios-sdk", from: "11.0.0"),',
  '        /* .package(url: "https://github.com/ml-explore/mlx-swift", from: "0.21.0"), */',
  '        .package(path: "../LocalKit"),',
  '        .package(id: "mona.LinkedList", from: "1.0.0"),',
  '        .package(',
  '            url: "ssh://git@github.com/ml-explore/mlx-swift-lm",', // 21
  '            .upToNextMajor(from: "2.25.0")',
  '        ),',
  '    ],',
  '    targets: [.target(name: "App", dependencies: [.product(name: "OpenAI", package: "OpenAI")])]',
  ')',
  'let s = ".package(url: \\"https://github.com/not/declared\\", from: \\"1.0.0\\")"',
].join('\n');

describe('Package.swift', () => {
  it('.package(url:) with every requirement form, a registry package as a registry declaration; comments, strings and local packages left out', () => {
    const r = readManifest('Package.swift', PACKAGE_SWIFT);
    noWarnings(r);
    expectRows(r, [
      ['github.com/MacPaw/OpenAI', '>=0.2.4 <1.0.0', undefined, undefined, 7],
      ['github.com/jamesrochabrun/SwiftOpenAI', '4.0.6', '4.0.6', undefined, 8],
      ['github.com/google-gemini/generative-ai-swift', '>=0.5.0 <1.0.0', undefined, undefined, 9],
      ['github.com/mattt/ollama-swift', '>=1.2.0 <1.3.0', undefined, undefined, 10],
      ['github.com/apple/swift-log', '>=1.0.0 <2.0.0', undefined, undefined, 11],
      ['github.com/apple/swift-nio', '>=2.0.0 <=2.9.9', undefined, undefined, 12],
      ['github.com/lzell/AIProxySwift', 'branch:main', undefined, undefined, 13],
      ['github.com/eastriverlee/LLM.swift', 'revision:152790ba069c00ecf1da5efe7c6419962ce294e3', '152790ba069c00ecf1da5efe7c6419962ce294e3', undefined, 14],
      ['github.com/jamesrochabrun/SwiftAnthropic', '2.1.0', '2.1.0', undefined, 15],
      ['mona.LinkedList', '>=1.0.0 <2.0.0', undefined, undefined, 19],
      ['github.com/ml-explore/mlx-swift-lm', '>=2.25.0 <3.0.0', undefined, undefined, 21],
    ]);
    assert.deepEqual(r.deps.filter((d) => d.registry === true).map((d) => d.name), ['mona.LinkedList']);
    assert.ok(r.deps.every((d) => d.ecosystem === 'swift'));
  });

  it('a truncated manifest warns and keeps what it read; a local URL warns', () => {
    const r = readManifest('Package.swift', 'let p = Package(dependencies: [\n  .package(url: "https://github.com/MacPaw/OpenAI", from: "0.2.4"),\n  .package(url: "https://github.com/mattt/ollama-swift", from:');
    expectRows(r, [['github.com/MacPaw/OpenAI', '>=0.2.4 <1.0.0', undefined, undefined, 2]]);
    assert.deepEqual(r.warnings, ['.package( at line 3 is not closed']);
    assert.match(readManifest('Package.swift', '.package(url: "file:///tmp/x", from: "1.0.0")').warnings[0] ?? '', /names no remote repository/);
  });

  it('a regex literal (SE-0354) hides no package and declares none; division is no regex', () => {
    const r = readManifest('Package.swift', [
      'let quotes = /"""/',
      'let fake = /.package(url: "https:\\/\\/github.com\\/not\\/declared", from: "1.0.0")/',
      'let half = 4/2; let p = Package(dependencies: [.package(url: "https://github.com/MacPaw/OpenAI.git", from: "0.2.4")]); let q = 1/',
    ].join('\n'));
    noWarnings(r);
    expectRows(r, [['github.com/MacPaw/OpenAI', '>=0.2.4 <1.0.0', undefined, undefined, 3]]);
  });

  // A local package is code in the repository (its own Package.swift is read where the walk finds
  // it): no dependency, no warning.
  const local: { name: string; src: string }[] = [
    { name: 'a local path', src: '.package(path: "../LocalAI")' },
    { name: 'a legacy named local path', src: '.package(name: "LocalAI", path: "../LocalAI")' },
  ];
  for (const x of local) {
    it(`no dependency and no warning: ${x.name}`, () => {
      const r = readManifest('Package.swift', `let package = Package(dependencies: [\n  ${x.src},\n  .package(url: "https://github.com/MacPaw/OpenAI", from: "0.2.4"),\n])\n`);
      noWarnings(r);
      expectRows(r, [['github.com/MacPaw/OpenAI', '>=0.2.4 <1.0.0', undefined, undefined, 3]]);
      assert.equal(r.deps[0]?.registry, undefined);
    });
  }

  // A registry package (SE-0292) has no repository URL, which the swift purl needs: it is kept as a
  // registry declaration (its identity as the name), which the inventory matches with imports.
  const registry: { name: string; src: string; want: [string, string | undefined, string | undefined] }[] = [
    { name: 'a registry id with from:', src: '.package(id: "mona.LinkedList", from: "1.0.0")', want: ['mona.LinkedList', '>=1.0.0 <2.0.0', undefined] },
    { name: 'a registry id with exact:', src: '.package(id: "mona.LinkedList", exact: "1.0.0")', want: ['mona.LinkedList', '1.0.0', '1.0.0'] },
    { name: 'a registry id with a range', src: '.package(id: "mona.LinkedList", "1.0.0"..<"2.0.0")', want: ['mona.LinkedList', '>=1.0.0 <2.0.0', undefined] },
    { name: 'a registry id named like a catalogued package', src: '.package(id: "macpaw.OpenAI", .upToNextMajor(from: "0.2.0"))', want: ['macpaw.OpenAI', '>=0.2.0 <1.0.0', undefined] },
    { name: 'a scope with a hyphen, a name with - and _', src: '.package(id: "google-ai.generative_ai-swift", from: "0.5.0")', want: ['google-ai.generative_ai-swift', '>=0.5.0 <1.0.0', undefined] },
  ];
  for (const x of registry) {
    it(`a registry declaration, no warning: ${x.name}`, () => {
      const r = readManifest('Package.swift', `let package = Package(dependencies: [\n  ${x.src},\n  .package(url: "https://github.com/MacPaw/OpenAI", from: "0.2.4"),\n])\n`);
      noWarnings(r);
      expectRows(r, [[...x.want, undefined, 2], ['github.com/MacPaw/OpenAI', '>=0.2.4 <1.0.0', undefined, undefined, 3]]);
      assert.deepEqual(r.deps.map((d) => d.registry), [true, undefined]);
    });
  }
  // What SwiftPM rejects as an identity is no declaration, and says so.
  const notIds = ['OpenAI', 'macpaw.', '.OpenAI', 'mac--paw.OpenAI', '-macpaw.OpenAI', 'macpaw.-OpenAI', 'mac paw.OpenAI', 'a.b.c', `${'s'.repeat(40)}.OpenAI`];
  for (const id of notIds) {
    it(`no registry identity, a warning: ${JSON.stringify(id)}`, () => {
      const r = readManifest('Package.swift', `let package = Package(dependencies: [\n  .package(id: "${id}", from: "1.0.0"),\n])\n`);
      assert.deepEqual(r.deps, []);
      assert.deepEqual(r.warnings, [`.package(id: "${id}") at line 2 is no registry identity (scope.name)`]);
    });
  }

  it('is known by its name (case-sensitive, as SwiftPM)', () => {
    assert.equal(isManifest('Package.swift'), true);
    assert.equal(isManifest('Sources/App/Package.swift'), true);
    assert.equal(isManifest('package.swift'), false);
    assert.equal(isManifest('Sources/App/Chat.swift'), false);
  });
});

const RESOLVED_V2 = `{
  "originHash" : "3c0b",
  "pins" : [
    {
      "identity" : "openai",
      "kind" : "remoteSourceControl",
      "location" : "https://github.com/MacPaw/OpenAI.git",
      "state" : {
        "revision" : "35afc9a6ee127b8f22a85a31aec2036a987478af",
        "version" : "0.2.9"
      }
    },
    {
      "identity" : "aiproxyswift",
      "kind" : "remoteSourceControl",
      "location" : "https://github.com/lzell/AIProxySwift",
      "state" : { "branch" : "main", "revision" : "0123456789abcdef0123456789abcdef01234567" }
    },
    { "identity" : "localkit", "kind" : "fileSystem", "location" : "../LocalKit", "state" : { } },
    { "identity" : "mona.linkedlist", "kind" : "registry", "location" : "", "state" : { "version" : "1.0.0" } },
    {
      "identity" : "swift-log",
      "kind" : "remoteSourceControl",
      "location" : "https://github.com/apple/swift-log.git",
      "state" : { "revision" : "abc", "version" : "1.6.1" }
    }
  ],
  "version" : 3
}
`;

const RESOLVED_V1 = `{
  "object": {
    "pins": [
      {
        "package": "OpenAI",
        "repositoryURL": "https://github.com/MacPaw/OpenAI",
        "state": { "branch": null, "revision": "35af", "version": "0.2.4" }
      },
      {
        "package": "llama",
        "repositoryURL": "git@github.com:ggerganov/llama.cpp.git",
        "state": { "branch": null, "revision": "73e2ed3ce3492d3ed70193dd09ae8aa44779651d", "version": null }
      }
    ]
  },
  "version": 1
}
`;

describe('Package.resolved', () => {
  it('v2/v3 pins: remote source control only, a branch pin without a version', () => {
    const r = readManifest('Package.resolved', RESOLVED_V2);
    noWarnings(r);
    expectRows(r, [
      ['github.com/MacPaw/OpenAI', undefined, '0.2.9', undefined, 7],
      ['github.com/lzell/AIProxySwift', 'branch:main', undefined, undefined, 16],
      ['github.com/apple/swift-log', undefined, '1.6.1', undefined, 24],
    ]);
    assert.ok(r.deps.every((d) => d.lockfile === 'Package.resolved' && d.importer === undefined));
  });

  it('v1 pins: repositoryURL; a revision pin has the revision as its version', () => {
    const r = readManifest('Package.resolved', RESOLVED_V1);
    noWarnings(r);
    expectRows(r, [
      ['github.com/MacPaw/OpenAI', undefined, '0.2.4', undefined, 6],
      ['github.com/ggerganov/llama.cpp', undefined, '73e2ed3ce3492d3ed70193dd09ae8aa44779651d', undefined, 11],
    ]);
  });

  it('registry, fileSystem and localSourceControl pins are no dependency (v2/v3), nor v1 pins without a repository URL', () => {
    const r = readManifest('Package.resolved', JSON.stringify({ pins: [
      { identity: 'macpaw.openai', kind: 'registry', location: '', state: { version: '0.2.4' } },
      { identity: 'localai', kind: 'fileSystem', location: '/Users/me/LocalAI', state: {} },
      { identity: 'mirror', kind: 'localSourceControl', location: '/Users/me/mirrors/OpenAI', state: { revision: 'abc', version: '0.2.4' } },
      { identity: 'openai', kind: 'remoteSourceControl', location: 'https://github.com/MacPaw/OpenAI', state: { revision: 'abc', version: '0.2.9' } },
    ], version: 2 }, null, 2));
    noWarnings(r);
    assert.deepEqual(r.deps.map((d) => [d.name, d.version]), [['github.com/MacPaw/OpenAI', '0.2.9']]);
    const v1 = readManifest('Package.resolved', JSON.stringify({ object: { pins: [{ package: 'LocalAI', repositoryURL: '../LocalAI', state: { version: '1.0.0' } }] }, version: 1 }));
    noWarnings(v1);
    assert.deepEqual(v1.deps, []);
  });

  it('malformed or truncated JSON, and JSON of another shape, become warnings', () => {
    assert.match(readManifest('Package.resolved', RESOLVED_V2.slice(0, 200)).warnings[0] ?? '', /malformed JSON/);
    assert.deepEqual(readManifest('Package.resolved', '{"version": 2, "pins": {}}').warnings, ['no "pins" array']);
    assert.deepEqual(readManifest('Package.resolved', '{"pins": [1, null, {"location": 7}, {"kind": "remoteSourceControl"}]}').deps, []);
  });

  it('resolves the Package.swift beside it: the pinned version wins, the range stays', () => {
    const deps = resolveTree({ 'Package.swift': PACKAGE_SWIFT, 'Package.resolved': RESOLVED_V2 });
    const openai = deps.find((d) => d.name === 'github.com/MacPaw/OpenAI' && d.path === 'Package.swift');
    assert.equal(openai?.version, '0.2.9');
    assert.equal(openai?.range, '>=0.2.4 <1.0.0');
    assert.equal(openai?.lockfile, 'Package.resolved');
  });
});

const PBXPROJ = `// !$*UTF8*$!
{
	objects = {
/* Begin XCRemoteSwiftPackageReference section */
		A1 /* XCRemoteSwiftPackageReference "OpenAI" */ = {
			isa = XCRemoteSwiftPackageReference;
			repositoryURL = "https://github.com/MacPaw/OpenAI.git";
			requirement = {
				kind = upToNextMajorVersion;
				minimumVersion = 0.2.4;
			};
		};
		A2 /* XCRemoteSwiftPackageReference "generative-ai-swift" */ = {
			isa = XCRemoteSwiftPackageReference;
			repositoryURL = "https://github.com/google-gemini/generative-ai-swift";
			requirement = {
				kind = exactVersion;
				version = 0.5.6;
			};
		};
		A3 /* XCRemoteSwiftPackageReference "firebase-ios-sdk" */ = {
			isa = XCRemoteSwiftPackageReference;
			repositoryURL = "https://github.com/firebase/firebase-ios-sdk";
			requirement = {
				kind = versionRange;
				maximumVersion = 12.0.0;
				minimumVersion = 11.0.0;
			};
		};
		A4 /* XCRemoteSwiftPackageReference "ollama-swift" */ = {
			isa = XCRemoteSwiftPackageReference;
			repositoryURL = "https://github.com/mattt/ollama-swift";
			requirement = {
				branch = main;
				kind = branch;
			};
		};
		A5 /* XCLocalSwiftPackageReference "LocalKit" */ = {
			isa = XCLocalSwiftPackageReference;
			relativePath = ../LocalKit;
		};
/* End XCRemoteSwiftPackageReference section */
		B1 /* OpenAI */ = {
			isa = XCSwiftPackageProductDependency;
			package = A1 /* XCRemoteSwiftPackageReference "OpenAI" */;
			productName = OpenAI;
		};
	};
}
`;

describe('project.pbxproj', () => {
  it('remote package references with their requirement kinds; local references left out', () => {
    const r = readManifest('App.xcodeproj/project.pbxproj', PBXPROJ);
    noWarnings(r);
    expectRows(r, [
      ['github.com/MacPaw/OpenAI', '>=0.2.4 <1.0.0', undefined, undefined, 7],
      ['github.com/google-gemini/generative-ai-swift', '0.5.6', '0.5.6', undefined, 15],
      ['github.com/firebase/firebase-ios-sdk', '>=11.0.0 <12.0.0', undefined, undefined, 23],
      ['github.com/mattt/ollama-swift', 'branch:main', undefined, undefined, 32],
    ]);
  });

  it('only inside an .xcodeproj; a reference without a URL warns', () => {
    assert.equal(isManifest('App.xcodeproj/project.pbxproj'), true);
    assert.equal(isManifest('project.pbxproj'), false);
    assert.deepEqual(readManifest('App.xcodeproj/project.pbxproj', 'A = {\n isa = XCRemoteSwiftPackageReference;\n requirement = {};\n};').warnings, ['XCRemoteSwiftPackageReference at line 2 has no remote repositoryURL']);
  });

  it("the Package.resolved Xcode keeps in the project resolves the project's references", () => {
    const deps = resolveTree({
      'ios/App.xcodeproj/project.pbxproj': PBXPROJ,
      'ios/App.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved': RESOLVED_V2,
    });
    const openai = deps.find((d) => d.name === 'github.com/MacPaw/OpenAI');
    assert.equal(openai?.path, 'ios/App.xcodeproj/project.pbxproj');
    assert.equal(openai?.version, '0.2.9');
    assert.equal(openai?.range, '>=0.2.4 <1.0.0');
    assert.equal(isManifest('ios/App.xcworkspace/xcshareddata/swiftpm/Package.resolved'), true);
  });
});

const WORKSPACE = `<?xml version="1.0" encoding="UTF-8"?>
<Workspace
   version = "1.0">
   <FileRef
      location = "group:App/App.xcodeproj">
   </FileRef>
   <FileRef
      location = "container:Packages/AIKit">
   </FileRef>
   <Group
      location = "group:Modules"
      name = "Modules">
      <FileRef
         location = "group:Chat/Chat.xcodeproj">
      </FileRef>
      <Group
         location = "container:"
         name = "Plain">
         <FileRef location = "group:Tools/Package.swift"/>
      </Group>
   </Group>
   <FileRef
      location = "group:../Shared/Shared.xcodeproj">
   </FileRef>
   <FileRef
      location = "group:../../../Outside/Outside.xcodeproj">
   </FileRef>
   <FileRef
      location = "absolute:/Users/me/Other/Other.xcodeproj">
   </FileRef>
   <FileRef
      location = "group:/Users/me/Abs/Abs.xcodeproj">
   </FileRef>
   <Group
      location = "absolute:/Users/me/src/app/ios/Features"
      name = "Features">
      <FileRef location = "group:Voice/Voice.xcodeproj"/>
      <FileRef location = "group:../Kits/AIKit/Package.swift"/>
   </Group>
   <FileRef
      location = "absolute:C:\\Users\\me\\app\\Win\\Win.xcodeproj">
   </FileRef>
   <FileRef
      location = "self:">
   </FileRef>
   <!-- <FileRef location = "group:Commented/Commented.xcodeproj"></FileRef> -->
</Workspace>
`;

describe('contents.xcworkspacedata', () => {
  it('the projects and package folders a workspace lists, relative to the scan root: group: (nested groups prefix), container:, a Package.swift as its folder', () => {
    const r = readManifest('ios/App.xcworkspace/contents.xcworkspacedata', WORKSPACE);
    noWarnings(r);
    assert.deepEqual(r.deps, []);
    assert.deepEqual(r.workspace, {
      path: 'ios/App.xcworkspace/contents.xcworkspacedata',
      ecosystem: 'swift',
      // Not: a path out of the scan root, self: outside a project, a comment.
      members: ['ios/App/App.xcodeproj', 'ios/Packages/AIKit', 'ios/Modules/Chat/Chat.xcodeproj', 'ios/Tools', 'Shared/Shared.xcodeproj'],
      // Paths of the writer's machine, for placeAbsoluteMembers: absolute:, an absolute group:, group: entries under an absolute group, a Windows path.
      absolute: ['/Users/me/Other/Other.xcodeproj', '/Users/me/Abs/Abs.xcodeproj', '/Users/me/src/app/ios/Features/Voice/Voice.xcodeproj', '/Users/me/src/app/ios/Kits/AIKit', 'C:/Users/me/app/Win/Win.xcodeproj'],
    });
  });

  // Absolute entries are placed in the scanned tree: under the scan root's own path, or by the one
  // project or package folder of the tree they end with (two segments at least); never outside it.
  const FOLDERS = swiftProjectFolders(['ios/App/App.xcodeproj/project.pbxproj', 'ios/Packages/AIKit/Package.swift', 'Package.swift', 'App.xcodeproj/project.pbxproj', 'Win/Win.xcodeproj/project.pbxproj', 'Dup/Lib/Lib.xcodeproj/project.pbxproj', 'Lib/Lib.xcodeproj/project.pbxproj', 'docs/App.xcodeproj/README.md']);
  const placed: { name: string; entry: string; roots?: string[]; want: string[] }[] = [
    { name: 'under the scan root', entry: '/home/ci/repo/ios/App/App.xcodeproj', roots: ['/home/ci/repo'], want: ['ios/App/App.xcodeproj'] },
    { name: 'under the scan root as the file system resolves it, given with a trailing slash', entry: '/private/tmp/r/Anything/Not/In/Tree.xcodeproj', roots: ['/tmp/r', '/private/tmp/r/'], want: ['Anything/Not/In/Tree.xcodeproj'] },
    { name: 'the scan root itself (a root Package.swift)', entry: '/home/ci/repo', roots: ['/home/ci/repo'], want: [''] },
    { name: 'the one tree folder it ends with', entry: '/Users/me/src/app/ios/App/App.xcodeproj', want: ['ios/App/App.xcodeproj'] },
    { name: 'a package folder', entry: '/Users/me/src/app/ios/Packages/AIKit', want: ['ios/Packages/AIKit'] },
    { name: 'a Windows path', entry: 'C:/Users/me/app/Win/Win.xcodeproj', want: ['Win/Win.xcodeproj'] },
    // decoys
    { name: 'decoy: outside the tree', entry: '/Users/me/Other/Other.xcodeproj', want: [] },
    { name: 'decoy: one segment only (a project named alike anywhere)', entry: '/Users/me/Elsewhere/App.xcodeproj', want: [] },
    { name: 'decoy: two tree folders end it', entry: '/Users/me/src/Dup/Lib/Lib.xcodeproj', want: [] },
    { name: 'decoy: a segment that only ends alike', entry: '/Users/me/src/myios/App/App.xcodeproj', want: [] },
    { name: 'decoy: not under the root (a sibling folder named alike), nor in the tree', entry: '/home/ci/repo2/Tool/Tool.xcodeproj', roots: ['/home/ci/repo'], want: [] },
    { name: 'decoy: a folder that is no project', entry: '/Users/me/src/docs/App.xcodeproj', want: [] },
  ];
  for (const x of placed) {
    it(`placeAbsoluteMembers: ${x.name}`, () => {
      const ws = { path: 'W.xcworkspace/contents.xcworkspacedata', ecosystem: 'swift' as const, members: ['Kept/Kept.xcodeproj'], absolute: [x.entry] };
      const out = placeAbsoluteMembers([ws], { ...(x.roots ? { roots: x.roots } : {}), folders: FOLDERS });
      assert.deepEqual(out[0]?.members, ['Kept/Kept.xcodeproj', ...x.want]);
    });
  }

  it("self: in a project's own project.xcworkspace is that project", () => {
    const r = readManifest('ios/App.xcodeproj/project.xcworkspace/contents.xcworkspacedata', '<?xml version="1.0" encoding="UTF-8"?>\n<Workspace\n   version = "1.0">\n   <FileRef\n      location = "self:">\n   </FileRef>\n</Workspace>\n');
    noWarnings(r);
    assert.deepEqual(r.workspace?.members, ['ios/App.xcodeproj']);
  });

  it('is known inside an .xcworkspace only; malformed XML and another document are warnings', () => {
    assert.equal(isManifest('App.xcworkspace/contents.xcworkspacedata'), true);
    assert.equal(isManifest('App.xcodeproj/project.xcworkspace/contents.xcworkspacedata'), true);
    assert.equal(isManifest('contents.xcworkspacedata'), false);
    assert.equal(isManifest('docs/contents.xcworkspacedata'), false);
    const bad = readManifest('App.xcworkspace/contents.xcworkspacedata', '<Workspace version = "1.0">\n  <FileRef location = "group:App.xcodeproj">\n');
    assert.deepEqual(bad.warnings, ['malformed XML: unclosed element <FileRef> at line 3']);
    assert.deepEqual(bad.workspace?.members, ['App.xcodeproj'], 'what was read is kept');
    assert.deepEqual(readManifest('App.xcworkspace/contents.xcworkspacedata', '<plist><dict/></plist>').warnings, ['no <Workspace> element']);
    assert.deepEqual(readManifest('App.xcworkspace/contents.xcworkspacedata', '').warnings, ['no <Workspace> element']);
  });

  const TREE = {
    'App.xcworkspace/contents.xcworkspacedata': '<?xml version="1.0" encoding="UTF-8"?>\n<Workspace version = "1.0">\n  <FileRef location = "group:App/App.xcodeproj"></FileRef>\n  <FileRef location = "group:Packages/AIKit"></FileRef>\n</Workspace>\n',
    'App.xcworkspace/xcshareddata/swiftpm/Package.resolved': RESOLVED_V2,
    'App/App.xcodeproj/project.pbxproj': PBXPROJ,
    // Stale: Xcode resolves a project of a workspace with the workspace's Package.resolved.
    'App/App.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved': RESOLVED_V2.replace('"0.2.9"', '"0.2.5"'),
    'Packages/AIKit/Package.swift': PACKAGE_SWIFT,
    // Not in the workspace: resolved by its own Package.resolved.
    'Other/Other.xcodeproj/project.pbxproj': PBXPROJ,
    'Other/Other.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved': RESOLVED_V2.replace('"0.2.9"', '"0.2.7"'),
  };

  it("the workspace's Package.resolved resolves the projects and packages it lists, before their own; a project it does not list keeps its own", () => {
    const deps = resolveTree(TREE);
    const openai = (path: string) => deps.filter((d) => d.name === 'github.com/MacPaw/OpenAI' && d.path === path).map((d) => [d.version, d.range, d.lockfile]);
    const ws = 'App.xcworkspace/xcshareddata/swiftpm/Package.resolved';
    assert.deepEqual(openai('App/App.xcodeproj/project.pbxproj'), [['0.2.9', '>=0.2.4 <1.0.0', ws]]);
    assert.deepEqual(openai('Packages/AIKit/Package.swift'), [['0.2.9', '>=0.2.4 <1.0.0', ws]]);
    assert.deepEqual(openai('Other/Other.xcodeproj/project.pbxproj'), [['0.2.7', '>=0.2.4 <1.0.0', 'Other/Other.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved']]);
    assert.deepEqual(deps.filter((d) => d.lockfile === 'App/App.xcodeproj/project.xcworkspace/xcshareddata/swiftpm/Package.resolved'), [], "the listed project's own Package.resolved is no resolution, nor locked packages");
  });

  // A project two workspaces list is built with the Package.resolved of the one it is opened in:
  // each workspace's version is a declaration of its own (in path order), none dropped.
  const secondWorkspace = (version: string, lists = 'group:App/App.xcodeproj'): Record<string, string> => ({
    'Z/B.xcworkspace/contents.xcworkspacedata': `<Workspace version = "1.0">\n  <FileRef location = "container:../${lists.slice(lists.indexOf(':') + 1)}"/>\n  <FileRef location = "${lists.replace('group:', 'group:../')}"/>\n</Workspace>\n`,
    'Z/B.xcworkspace/xcshareddata/swiftpm/Package.resolved': RESOLVED_V2.replace('"0.2.9"', `"${version}"`),
  });
  const twoWorkspaces: { name: string; files: Record<string, string>; app: [string | undefined, string][]; other?: [string | undefined, string][]; locked: string[] }[] = [
    {
      name: 'another version: one declaration each',
      files: { ...TREE, ...secondWorkspace('0.2.6') },
      app: [['0.2.9', 'App.xcworkspace/xcshareddata/swiftpm/Package.resolved'], ['0.2.6', 'Z/B.xcworkspace/xcshareddata/swiftpm/Package.resolved']],
      locked: [],
    },
    {
      name: 'the same version: one declaration, the first workspace\'s (the second\'s pin is taken too, not locked only)',
      files: { ...TREE, ...secondWorkspace('0.2.9') },
      app: [['0.2.9', 'App.xcworkspace/xcshareddata/swiftpm/Package.resolved']],
      locked: [],
    },
    {
      name: 'decoy: the second workspace lists another project: App keeps the first\'s only, Other takes the second\'s',
      files: { ...TREE, ...secondWorkspace('0.2.6', 'group:Other/Other.xcodeproj') },
      app: [['0.2.9', 'App.xcworkspace/xcshareddata/swiftpm/Package.resolved']],
      other: [['0.2.6', 'Z/B.xcworkspace/xcshareddata/swiftpm/Package.resolved']],
      locked: [],
    },
  ];
  for (const x of twoWorkspaces) {
    it(`a project two workspaces list: ${x.name}`, () => {
      const deps = resolveTree(x.files);
      const openai = deps.filter((d) => d.name === 'github.com/MacPaw/OpenAI');
      assert.deepEqual(openai.filter((d) => d.path === 'App/App.xcodeproj/project.pbxproj').map((d) => [d.version, d.lockfile]), x.app);
      if (x.other) assert.deepEqual(openai.filter((d) => d.path === 'Other/Other.xcodeproj/project.pbxproj').map((d) => [d.version, d.lockfile]), x.other);
      assert.deepEqual(openai.filter((d) => d.path === d.lockfile).map((d) => `${d.lockfile}@${d.version}`), x.locked, 'no pin left as locked only');
    });
  }

  it('a workspace without a Package.resolved leaves its projects their own; without its contents.xcworkspacedata its Package.resolved resolves no project', () => {
    const noResolved = resolveTree({ ...TREE, 'App.xcworkspace/xcshareddata/swiftpm/Package.resolved': '{"pins": [], "version": 3}' });
    assert.equal(noResolved.find((d) => d.name === 'github.com/MacPaw/OpenAI' && d.path === 'App/App.xcodeproj/project.pbxproj')?.version, '0.2.5');
    const { 'App.xcworkspace/contents.xcworkspacedata': _, ...noContents } = TREE;
    const deps = resolveTree(noContents);
    assert.equal(deps.find((d) => d.name === 'github.com/MacPaw/OpenAI' && d.path === 'App/App.xcodeproj/project.pbxproj')?.version, '0.2.5');
    assert.equal(deps.find((d) => d.name === 'github.com/MacPaw/OpenAI' && d.path === 'Packages/AIKit/Package.swift')?.version, undefined);
    // The workspace's pins stay, as locked only.
    assert.ok(deps.some((d) => d.name === 'github.com/MacPaw/OpenAI' && d.lockfile === 'App.xcworkspace/xcshareddata/swiftpm/Package.resolved' && d.path === 'App.xcworkspace/xcshareddata/swiftpm/Package.resolved'));
  });
});

describe('Swift manifests on hostile input', () => {
  it('never throw on random text', () => {
    for (const path of ['Package.swift', 'Package.resolved', 'A.xcodeproj/project.pbxproj', 'A.xcworkspace/contents.xcworkspacedata']) {
      fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => void readManifest(path, s)), { numRuns: 200 });
    }
  });

  it('stay linear on 1 to 3 MB of repeated pattern', () => {
    const t0 = performance.now();
    readManifest('Package.swift', '.package('.repeat(350_000));
    readManifest('Package.swift', '.package(url: "https://github.com/a/b", from: "1.0.0"),'.repeat(50_000));
    readManifest('Package.swift', '.package(url: ['.repeat(200_000));
    readManifest('A.xcodeproj/project.pbxproj', 'isa = XCRemoteSwiftPackageReference;'.repeat(80_000));
    readManifest('A.xcodeproj/project.pbxproj', `isa = XCRemoteSwiftPackageReference; repositoryURL = "${'\\"'.repeat(1_500_000)}`);
    readManifest('A.xcworkspace/contents.xcworkspacedata', '<Group location = "group:a">'.repeat(40_000));
    readManifest('A.xcworkspace/contents.xcworkspacedata', `<Workspace>${'<FileRef location = "group:a/b.xcodeproj"/>'.repeat(25_000)}</Workspace>`);
    readManifest('A.xcworkspace/contents.xcworkspacedata', `<Workspace><FileRef location = "group:${'../'.repeat(350_000)}"/></Workspace>`);
    readManifest('A.xcworkspace/contents.xcworkspacedata', '<Workspace><FileRef location = "'.repeat(35_000));
    readManifest('Package.resolved', `{"pins": [${'{"location": "https://github.com/a/b", "state": {"version": "1"}},'.repeat(40_000)}{}]}`);
    assert.ok(performance.now() - t0 < 10_000);
  });

  it('registry ids and absolute workspace entries stay linear', () => {
    const t0 = performance.now();
    readManifest('Package.swift', '.package(id: "a.b", from: "1.0.0"),'.repeat(80_000));
    const abs = readManifest('A.xcworkspace/contents.xcworkspacedata', `<Workspace><FileRef location = "absolute:/${'x/'.repeat(1_000_000)}App.xcodeproj"/></Workspace>`).workspace;
    // Entries deep as the tree's folders: each entry walks its own segments once, not every tail.
    const deep = Array.from({ length: 300 }, (_, d) => `${'d/'.repeat(d + 1)}App.xcodeproj/project.pbxproj`);
    const entries = Array.from({ length: 20_000 }, (_, i) => `/Users/me/${'d/'.repeat(300)}q${i}/App.xcodeproj`);
    placeAbsoluteMembers([...(abs ? [abs] : []), { path: 'B.xcworkspace/contents.xcworkspacedata', ecosystem: 'swift', absolute: entries }], { folders: swiftProjectFolders(deep) });
    assert.ok(performance.now() - t0 < 10_000);
  });
});

const PODFILE = [
  "platform :ios, '15.0'", // 1
  "# pod 'SwiftOpenAI'",
  '=begin',
  "pod 'InDoc'",
  '=end',
  "target 'App' do", // 6
  '  use_frameworks!',
  "  pod 'OpenAISwift', '~> 1.2'", // 8
  "  pod 'Firebase/Auth'", // 9
  "  pod 'FirebaseAI', '11.4.0'", // 10
  "  pod 'Local', :path => '../Local'", // 11
  "  pod 'Forked', :git => 'https://github.com/a/Forked.git', :tag => '2.0'", // 12
  "  pod 'Ranged', '>= 1.0', '< 2.0'", // 13
  "  pod \"Quoted\", \"3.1\"", // 14
  "  target 'AppTests' do",
  '    inherit! :search_paths',
  "    pod 'Quick'", // 17
  '  end',
  "  pod 'AfterTests'", // 19
  'end',
  "s = \"pod 'InString'\"",
  'pod some_variable',
].join('\n');

const PODFILE_LOCK = `PODS:
  - Firebase/CoreOnly (11.4.0):
    - FirebaseCore (~> 11.4.0)
  - Firebase/Auth (11.4.0):
    - Firebase/CoreOnly
    - FirebaseAuth (~> 11.4.0)
  - FirebaseAI (11.4.0):
    - FirebaseAppCheckInterop (~> 11.4)
  - "GoogleUtilities/NSData+zlib (8.0.2)"
  - OpenAISwift (1.2.3)

DEPENDENCIES:
  - Firebase/Auth
  - FirebaseAI (= 11.4.0)
  - OpenAISwift (~> 1.2)

SPEC REPOS:
  trunk:
    - Firebase

COCOAPODS: 1.15.2
`;

describe('Podfile / Podfile.lock', () => {
  it('pod statements with requirements, subspecs and sources; a test target gives the test scope; comments, =begin and strings skipped', () => {
    const r = readManifest('ios/Podfile', PODFILE);
    expectRows(r, [
      ['OpenAISwift', '~> 1.2', undefined, 'runtime', 8],
      ['Firebase/Auth', undefined, undefined, 'runtime', 9],
      ['FirebaseAI', '11.4.0', '11.4.0', 'runtime', 10],
      ['Local', 'path: ../Local', undefined, 'runtime', 11],
      ['Forked', 'git: https://github.com/a/Forked.git, tag: 2.0', undefined, 'runtime', 12],
      ['Ranged', '>= 1.0, < 2.0', undefined, 'runtime', 13],
      ['Quoted', '3.1', '3.1', 'runtime', 14],
      ['Quick', undefined, undefined, 'test', 17],
      ['AfterTests', undefined, undefined, 'runtime', 19],
    ]);
    assert.deepEqual(r.warnings, ['line 22: a pod statement without a literal pod name']);
    assert.ok(r.deps.every((d) => d.ecosystem === 'cocoapods'));
  });

  it('Podfile.lock: top-level PODS entries with their versions, subspecs and quoted names; their dependencies and other sections left out', () => {
    const r = readManifest('ios/Podfile.lock', PODFILE_LOCK);
    noWarnings(r);
    expectRows(r, [
      ['Firebase/CoreOnly', undefined, '11.4.0', undefined, 2],
      ['Firebase/Auth', undefined, '11.4.0', undefined, 4],
      ['FirebaseAI', undefined, '11.4.0', undefined, 7],
      ['GoogleUtilities/NSData+zlib', undefined, '8.0.2', undefined, 9],
      ['OpenAISwift', undefined, '1.2.3', undefined, 10],
    ]);
    assert.deepEqual(readManifest('Podfile.lock', 'DEPENDENCIES:\n  - OpenAISwift\n').warnings, ['no PODS: section']);
  });

  it('the lockfile resolves the Podfile beside it', () => {
    const deps = resolveTree({ 'ios/Podfile': PODFILE.split('\n').slice(0, 21).join('\n'), 'ios/Podfile.lock': PODFILE_LOCK });
    const pick = (n: string) => deps.find((d) => d.name === n && d.path === 'ios/Podfile');
    assert.equal(pick('OpenAISwift')?.version, '1.2.3');
    assert.equal(pick('Firebase/Auth')?.version, '11.4.0');
    assert.equal(pick('OpenAISwift')?.range, '~> 1.2');
  });

  it('stays linear on hostile input', () => {
    const t0 = performance.now();
    readManifest('Podfile', "pod 'A', ".repeat(300_000));
    readManifest('Podfile', "target 'T' do\n".repeat(200_000));
    readManifest('Podfile.lock', `PODS:\n${'  - A (1.0'.repeat(300_000)}`);
    assert.ok(performance.now() - t0 < 10_000);
  });
});
