import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { terraformBlocks } from '../../src/lang/terraform.js';

const rows = (text: string) => terraformBlocks(text).map((b) => `${b.kind} ${b.type}.${b.name} @${b.line} ${[...b.attrs].map(([k, v]) => `${k}=${v.value}@${v.line}`).join(' ')}`);

describe('terraformBlocks: resources and data sources with their literal attributes', () => {
  it('attributes at any depth, nested blocks as block.key, the first of each', () => {
    const text = 'resource "azurerm_cognitive_deployment" "gpt" {\n  name = "gpt-4o" # deployment\n  model {\n    format  = "OpenAI"\n    name    = "gpt-4o"\n    version = "2024-08-06"\n  }\n  sku { name = "Standard" }\n  rai_policy_name = "p"\n}\ndata "aws_bedrock_foundation_model" "m" {\n  model_id = "anthropic.claude-3-haiku-20240307-v1:0"\n}\n';
    assert.deepEqual(rows(text), [
      'resource azurerm_cognitive_deployment.gpt @1 name=gpt-4o@2 model.format=OpenAI@4 model.name=gpt-4o@5 model.version=2024-08-06@6 rai_policy_name=p@9',
      'data aws_bedrock_foundation_model.m @11 model_id=anthropic.claude-3-haiku-20240307-v1:0@12',
    ]);
  });

  it('comments, strings with braces and escapes, interpolations, references and heredocs', () => {
    const text = '# resource "azurerm_cognitive_account" "a" {\n/* resource "aws_sagemaker_model" "b" {\n}\n*/\nresource "azurerm_cognitive_account" "c" {\n  kind = "Open\\"AI}"\n  name = "${var.prefix}-oai"\n  sku_name = var.sku\n  tags = { note = "x" }\n  custom = <<EOF\n  kind = "OpenAI"\n}\nEOF\n  location = "westeurope" // region\n}\n';
    assert.deepEqual(rows(text), ['resource azurerm_cognitive_account.c @5 kind=Open"AI}@6 location=westeurope@14']);
  });

  it('a block on one line, a module, locals and variables are none; damage never throws', () => {
    assert.deepEqual(rows('resource "a_b" "c" {}\nmodule "m" {\n  source = "x"\n}\nlocals {\n  kind = "OpenAI"\n}\n'), ['resource a_b.c @1 ']);
    for (const t of ['resource "a" "b" {', '}}}}', '"unterminated', '/* open', 'resource "a" "b" {\n  x = <<EOF\n', '\u0000{']) assert.doesNotThrow(() => terraformBlocks(t), t);
  });
});
