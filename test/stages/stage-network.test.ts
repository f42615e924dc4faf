import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { MlStage } from '../../stages/ml-stage';
import { testConfig } from '../helpers/test-config';
import { cdkJsonContext, MODEL_ARTIFACT } from './endpoint-test-app';

/** one stage per endpoint kind, each in its own account, in one app. */
const config = testConfig({
  stages: [
    { name: 'Staging', account: '222222222222', regions: ['eu-west-1'], endpoint: { kind: 'serverless' } },
    { name: 'Qa', account: '444444444444', regions: ['eu-west-1'], endpoint: { kind: 'multiModel' } },
    { name: 'Prod', account: '333333333333', regions: ['eu-west-1'], environment: 'production', endpoint: { kind: 'instance', instance: { initialInstanceCount: 2 } } },
  ],
});
const app = new App({ context: cdkJsonContext() });
const stages = Object.fromEntries(config.stages.map((stage) => [stage.name, new MlStage(app, stage.name, { config, stage, region: 'eu-west-1', modelArtifact: MODEL_ARTIFACT })]));

describe('which stages get a network stack', () => {
  test('a serverless stage gets none: its endpoint runs outside any VPC', () => {
    expect(stages.Staging.network).toBeUndefined();
    expect(stages.Staging.node.children.map((c) => c.node.id)).not.toContain('Network');
    const template = Template.fromStack(stages.Staging.endpoint);
    expect(Object.keys(template.findResources('AWS::EC2::SecurityGroup'))).toEqual([]);
    template.hasResourceProperties('AWS::SageMaker::Model', { VpcConfig: Match.absent(), EnableNetworkIsolation: Match.absent() });
    expect(stages.Staging.endpoint.dependencies).toEqual([]);
  });

  test.each(['Qa', 'Prod'])('the %s stage, whose endpoint runs on instances, keeps its network and runs the model in its VPC', (name) => {
    const stage = stages[name];
    expect(stage.network).toBeDefined();
    expect(stage.endpoint.dependencies).toEqual([stage.network]);
    Template.fromStack(stage.endpoint).hasResourceProperties('AWS::SageMaker::Model', { VpcConfig: { Subnets: [Match.anyValue(), Match.anyValue()], SecurityGroupIds: [Match.anyValue()] }, EnableNetworkIsolation: true });
  });
});
