/**
 * Hugging Face pulls in Rust (src/hf/rust-pulls.ts): the hf-hub crate's Api and Repo, found with
 * their ids and revisions; decoys that must not be pulls.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { rustHfSites } from '../../src/hf/rust-pulls.js';

const show = (src: string) => rustHfSites(src).map((s) => `${s.via} ${s.repoType} ${s.id ?? `(${s.dynamic ?? s.localPath})`}${s.revision !== undefined ? `@${s.revision}` : ''}${s.revisionDynamic ? '@?' : ''} ${s.line}:${s.column}`);
const USE = 'use hf_hub::{api::sync::{Api, ApiBuilder}, Repo, RepoType};\n';

describe('Rust hf-hub pulls', () => {
  const valid: [string, string, string[]][] = [
    ['Api.model on a bound Api, with .to_string()', `${USE}let api = Api::new()?;\nlet repo = api.model("bert-base-uncased".to_string());\n`, ['Api.model model bert-base-uncased 3:16']],
    ['a chain that makes the Api; dataset and space', `${USE}let r = Api::new()?.dataset("org/data".into());\nlet s = ApiBuilder::new().with_progress(true).build()?.space(String::from("org/app"));\n`, ['Api.dataset dataset org/data 2:21', 'Api.space space org/app 3:56']],
    ['Repo::with_revision with a const id and a literal revision', `${USE}const MODEL_ID: &str = "mistralai/Mistral-7B-v0.1";\nlet repo = api.repo(Repo::with_revision(MODEL_ID.to_string(), RepoType::Model, "main".to_string()));\n`, ['Repo::with_revision model mistralai/Mistral-7B-v0.1@main 3:21']],
    ['Repo::new of a dataset, Repo::model; a revision from a variable', `${USE}let a = Repo::new("org/d".to_string(), RepoType::Dataset);\nlet b = Repo::model("org/m".to_string());\nlet c = Repo::with_revision("org/p".to_string(), RepoType::Model, rev);\n`, ['Repo::new dataset org/d 2:9', 'Repo::model model org/m 3:9', 'Repo::with_revision model org/p@? 4:9']],
    ['a model id from a variable is dynamic; a local path is local', `${USE}let api = Api::new()?;\nlet r = api.model(args.model_id.clone());\nlet l = api.model("./models/x".to_string());\n`, ['Api.model model (args.model_id.clone()) 3:13', 'Api.model model (./models/x) 4:13']],
  ];
  for (const [name, src, want] of valid) it(`valid: ${name}`, () => assert.deepEqual(show(src), want));

  const invalid: [string, string][] = [
    ['a chat request builder\'s .model("gpt-4o") beside an Api', `${USE}use async_openai::types::CreateChatCompletionRequestArgs;\nlet api = Api::new()?;\nlet req = CreateChatCompletionRequestArgs::default().model("gpt-4o").build()?;\n`],
    ['no hf_hub in the file', 'let api = Api::new()?;\nlet r = api.model("org/m".to_string());\n'],
    ['comments and strings', `${USE}// let r = Api::new()?.model("org/c".to_string());\n/* Repo::model("org/b".to_string()) */\nlet s = "Repo::model(\\"org/s\\")";\n`],
    ['a Repo of the project\'s own, another path\'s Repo', `${USE}let r = my::Repo::new("org/x", RepoType::Model);\nlet g = git::Repo::open("x");\n`],
  ];
  for (const [name, src] of invalid) it(`invalid: ${name}`, () => assert.deepEqual(show(src), []));

  it('hostile input stays linear: long chains, nested String::from, unclosed calls', () => {
    const t0 = Date.now();
    rustHfSites(`${USE}let api = Api::new()?;\n${'api.model(x, '.repeat(50_000)}`);
    rustHfSites(`${USE}${'String::from('.repeat(100_000)}`);
    rustHfSites(`${USE}let x = Api::new()${'.model("a")'.repeat(50_000)};\n`);
    assert.ok(Date.now() - t0 < 5000, `${Date.now() - t0} ms`);
  });
});
