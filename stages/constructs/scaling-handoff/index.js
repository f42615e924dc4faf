// Custom resource that hands an autoscaled SageMaker variant over an instance-type change.
// SageMaker rejects UpdateEndpoint when it changes the instance type of a variant registered with
// Application Auto Scaling. On an Update whose InstanceType differs from the previous one, the
// handler converges the registration with the endpoint as it is right now:
//   - the variant still runs another instance type (the "release" step, before the endpoint update,
//     or a rollback step that runs before the endpoint is rolled back): deregister the target;
//   - the variant runs the requested instance type (the "restore" step after the endpoint update,
//     or the release step rolled back after the endpoint was): register it again with its min/max,
//     scheduled actions and tags (the CloudFormation ScalableTarget's, so drift detection stays clean).
// Create and Delete change nothing: CloudFormation's own ScalableTarget registers and deregisters.
/* global Buffer, console */
'use strict';

const https = require('node:https');

/** the instance type the variant runs now, or undefined when the endpoint or the variant does not exist. */
async function currentInstanceType(sdk, endpointName, variantName) {
  const endpoint = await sdk.describeEndpoint(endpointName);
  if (!endpoint) return undefined;
  const config = await sdk.describeEndpointConfig(endpoint.EndpointConfigName);
  const variant = (config.ProductionVariants || []).find((v) => v.VariantName === variantName);
  return variant ? variant.InstanceType : undefined;
}

/** what to do for one event: 'none', 'deregister' or 'register'. */
async function converge(event, sdk) {
  const props = event.ResourceProperties;
  const previous = event.OldResourceProperties || {};
  if (event.RequestType !== 'Update' || previous.InstanceType === props.InstanceType) return 'none';
  const resourceId = `endpoint/${props.EndpointName}/variant/${props.VariantName}`;
  const target = { ServiceNamespace: 'sagemaker', ResourceId: resourceId, ScalableDimension: 'sagemaker:variant:DesiredInstanceCount' };
  const running = await currentInstanceType(sdk, props.EndpointName, props.VariantName);
  if (running === undefined) return 'none';
  if (running !== props.InstanceType) {
    await sdk.deregister(target);
    return 'deregister';
  }
  const registered = await sdk.register({ ...target, MinCapacity: Number(props.MinCapacity), MaxCapacity: Number(props.MaxCapacity) });
  for (const action of props.ScheduledActions || []) {
    await sdk.putScheduledAction({ ...target, ...action });
  }
  const tags = props.Tags || {};
  if (Object.keys(tags).length > 0) {
    const arn = registered && registered.ScalableTargetARN;
    if (!arn) throw new Error(`RegisterScalableTarget returned no ScalableTargetARN for ${resourceId}, so its tags cannot be restored`);
    await sdk.tag(arn, tags);
  }
  return 'register';
}

/** the SDK calls, with the clients the Lambda runtime ships. */
function awsSdk() {
  const sm = require('@aws-sdk/client-sagemaker');
  const aas = require('@aws-sdk/client-application-auto-scaling');
  const sagemaker = new sm.SageMakerClient({});
  const scaling = new aas.ApplicationAutoScalingClient({});
  const notFound = (err) => err && (err.name === 'ObjectNotFoundException' || /Could not find/.test(String(err.message)));
  return {
    describeEndpoint: (EndpointName) =>
      sagemaker.send(new sm.DescribeEndpointCommand({ EndpointName })).catch((err) => {
        if (/Could not find endpoint/.test(String(err.message))) return undefined;
        throw err;
      }),
    describeEndpointConfig: (EndpointConfigName) => sagemaker.send(new sm.DescribeEndpointConfigCommand({ EndpointConfigName })),
    deregister: (target) =>
      scaling.send(new aas.DeregisterScalableTargetCommand(target)).catch((err) => {
        if (!notFound(err)) throw err;
      }),
    register: (target) => scaling.send(new aas.RegisterScalableTargetCommand(target)),
    tag: (ResourceARN, Tags) => scaling.send(new aas.TagResourceCommand({ ResourceARN, Tags })),
    putScheduledAction: (action) =>
      scaling.send(
        new aas.PutScheduledActionCommand({
          ServiceNamespace: action.ServiceNamespace,
          ResourceId: action.ResourceId,
          ScalableDimension: action.ScalableDimension,
          ScheduledActionName: action.Name,
          Schedule: action.Schedule,
          Timezone: action.Timezone,
          ScalableTargetAction: {
            MinCapacity: action.MinCapacity === undefined ? undefined : Number(action.MinCapacity),
            MaxCapacity: action.MaxCapacity === undefined ? undefined : Number(action.MaxCapacity),
          },
        }),
      ),
  };
}

function respond(event, status, reason, data) {
  const body = JSON.stringify({
    Status: status,
    Reason: reason,
    PhysicalResourceId: event.PhysicalResourceId || `${event.LogicalResourceId}-${event.ResourceProperties.VariantName}`,
    StackId: event.StackId,
    RequestId: event.RequestId,
    LogicalResourceId: event.LogicalResourceId,
    Data: data,
  });
  return new Promise((resolve, reject) => {
    const request = https.request(event.ResponseURL, { method: 'PUT', headers: { 'content-type': '', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', resolve);
    });
    request.on('error', reject);
    request.end(body);
  });
}

async function handler(event) {
  try {
    const action = await converge(event, awsSdk());
    console.log(JSON.stringify({ request: event.RequestType, endpoint: event.ResourceProperties.EndpointName, variant: event.ResourceProperties.VariantName, action }));
    await respond(event, 'SUCCESS', `scaling handoff: ${action}`, { Action: action });
  } catch (err) {
    console.error(err);
    await respond(event, 'FAILED', `scaling handoff failed: ${err.message}`.slice(0, 1000), {});
  }
}

module.exports = { handler, converge };
