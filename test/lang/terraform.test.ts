import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bicepBlocks, terraformBlocks } from '../../src/lang/terraform.js';
import { cloudTemplateResources } from '../../src/lang/cloud-templates.js';

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

describe('bicepBlocks and cloudTemplateResources: Bicep, ARM and CloudFormation resources', () => {
  it('Bicep: symbolic names, types without the API version, nested objects as paths, existing and conditional resources; interpolations are no literal', () => {
    const text = "// openai\nresource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {\n  name: 'oai-${suffix}'\n  kind: 'OpenAI' // the kind\n  sku: { name: 'S0' }\n}\nresource dep 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = if (deploy) {\n  properties: {\n    model: {\n      name: 'gpt-4o'\n    }\n  }\n}\nresource old 'Microsoft.CognitiveServices/accounts@2023-05-01' existing = {\n  name: 'legacy'\n}\n/* resource x 'Microsoft.MachineLearningServices/workspaces@2024-04-01' = {\n} */\n";
    assert.deepEqual(bicepBlocks(text).map((b) => `${b.type} ${b.name} @${b.line} ${[...b.attrs].map(([k, v]) => `${k}=${v.value}@${v.line}`).join(' ')}`), [
      'Microsoft.CognitiveServices/accounts oai @2 kind=OpenAI@4',
      'Microsoft.CognitiveServices/accounts/deployments dep @7 properties.model.name=gpt-4o@10',
      'Microsoft.CognitiveServices/accounts old @14 name=legacy@15',
    ]);
  });

  it('Bicep: a child resource inside its parent (its short type after the parent\'s) and a resource loop', () => {
    const text = "resource oai 'Microsoft.CognitiveServices/accounts@2024-10-01' = {\n  kind: 'OpenAI'\n  resource chat 'deployments' = {\n    name: 'chat'\n    properties: {\n      model: { format: 'OpenAI' }\n      model2: {\n        name: 'gpt-4o'\n      }\n    }\n  }\n  location: 'eastus'\n}\nresource deps 'Microsoft.CognitiveServices/accounts/deployments@2024-10-01' = [for d in deployments: {\n  parent: oai\n  name: d.name\n  sku: {\n    name: 'Standard'\n  }\n}]\n";
    assert.deepEqual(bicepBlocks(text).map((b) => `${b.type} ${b.name} @${b.line} ${[...b.attrs].map(([k, v]) => `${k}=${v.value}@${v.line}`).join(' ')}`), [
      'Microsoft.CognitiveServices/accounts oai @1 kind=OpenAI@2 location=eastus@12',
      'Microsoft.CognitiveServices/accounts/deployments chat @3 name=chat@4 properties.model2.name=gpt-4o@8',
      'Microsoft.CognitiveServices/accounts/deployments deps @14 sku.name=Standard@18',
    ]);
  });

  it('CloudFormation YAML with its tags, and ARM JSON with a nested child: literal attributes only', () => {
    const cfn = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Agent:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: !Sub '${AWS::StackName}'\n      FoundationModel: anthropic.claude-3-haiku-20240307-v1:0\n      Role: !GetAtt Role.Arn\n  Nothing: 7\n";
    assert.deepEqual(cloudTemplateResources(cfn).map((b) => `${b.type} ${b.name} @${b.line} ${[...b.attrs].map(([k, v]) => `${k}=${v.value}@${v.line}`).join(' ')}`), ['AWS::Bedrock::Agent Agent @3 Type=AWS::Bedrock::Agent@4 Properties.FoundationModel=anthropic.claude-3-haiku-20240307-v1:0@7']);
    const arm = JSON.stringify({ resources: [{ type: 'Microsoft.CognitiveServices/accounts', name: "[parameters('n')]", kind: 'OpenAI', resources: [{ type: 'deployments', name: 'chat', properties: { model: { name: 'gpt-4o' } } }] }, { type: "[variables('t')]" }] }, null, 1);
    assert.deepEqual(cloudTemplateResources(arm).map((b) => `${b.type} ${b.name} @${b.line} ${[...b.attrs].map(([k, v]) => `${k}=${v.value}`).join(' ')}`), [
      'Microsoft.CognitiveServices/accounts  @3 type=Microsoft.CognitiveServices/accounts kind=OpenAI',
      'Microsoft.CognitiveServices/accounts/deployments chat @8 type=deployments name=chat properties.model.name=gpt-4o',
    ]);
    for (const t of ['', '[1,2]', 'Resources: [', 'a: &x [*x]', '{"resources": 5}', '\u0000']) assert.doesNotThrow(() => cloudTemplateResources(t), t);
  });
});
