import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';

/** props of a NotebookIdleStop. */
export interface NotebookIdleStopProps {
  /** the lifecycle configuration's name */
  readonly name: string;
  /** minutes without kernel or browser activity after which the notebook stops itself */
  readonly idleTimeoutMinutes: number;
  /** the region (the notebook has no internet, so the CLI and SDKs must call the regional endpoints) */
  readonly region: string;
}

/** the Python check cron runs every five minutes on the notebook (stdlib only: the notebook has no internet to install from). */
export function idleCheckScript(idleTimeoutMinutes: number, region: string): string {
  return [
    'import json, os, ssl, subprocess, urllib.request',
    'from datetime import datetime, timezone',
    `LIMIT_SECONDS = ${idleTimeoutMinutes * 60}`,
    '# the Jupyter server listens on localhost:8443 with a certificate of its own (the variables let tests point elsewhere)',
    'SERVER = os.environ.get("MLPIPE_JUPYTER_URL", "https://localhost:8443")',
    'METADATA = os.environ.get("MLPIPE_RESOURCE_METADATA", "/opt/ml/metadata/resource-metadata.json")',
    'context = ssl.create_default_context()',
    'context.check_hostname = False',
    'context.verify_mode = ssl.CERT_NONE',
    'def api(path):',
    '    with urllib.request.urlopen(SERVER + path, context=context, timeout=10) as response:',
    '        return json.load(response)',
    'def age(stamp):',
    '    return (datetime.now(timezone.utc) - datetime.fromisoformat(stamp.replace("Z", "+00:00"))).total_seconds()',
    'status = api("/api/status")',
    'busy = any(k.get("execution_state") == "busy" for k in api("/api/kernels"))',
    'if not busy and age(status["last_activity"]) > LIMIT_SECONDS:',
    '    with open(METADATA) as metadata:',
    '        name = json.load(metadata)["ResourceName"]',
    `    subprocess.run(["aws", "sagemaker", "stop-notebook-instance", "--region", "${region}", "--notebook-instance-name", name], check=True)`,
    '',
  ].join('\n');
}

/** the on-start script: regional STS for every SDK on the notebook, and the idle check in cron. */
export function onStartScript(idleTimeoutMinutes: number, region: string): string {
  return [
    '#!/bin/bash',
    'set -euo pipefail',
    '# no internet: the global STS endpoint (a public address) would hang, so every SDK uses the regional one',
    'mkdir -p /home/ec2-user/.aws',
    `printf '[default]\\nregion = ${region}\\nsts_regional_endpoints = regional\\n' > /home/ec2-user/.aws/config`,
    'chown -R ec2-user:ec2-user /home/ec2-user/.aws',
    "echo 'export AWS_STS_REGIONAL_ENDPOINTS=regional' > /etc/profile.d/mlpipe-sts.sh",
    `cat > /usr/local/bin/mlpipe-idle-stop.py <<'PY'`,
    idleCheckScript(idleTimeoutMinutes, region).trimEnd(),
    'PY',
    "printf 'PATH=/usr/local/bin:/usr/bin:/bin\\n' > /etc/cron.d/mlpipe-idle-stop",
    "echo '*/5 * * * * root AWS_STS_REGIONAL_ENDPOINTS=regional /usr/bin/python3 /usr/local/bin/mlpipe-idle-stop.py >> /var/log/mlpipe-idle-stop.log 2>&1' >> /etc/cron.d/mlpipe-idle-stop",
    '',
  ].join('\n');
}

/** the JupyterLab start script of Studio: regional STS for every SDK in the space (no internet). */
export function studioStartScript(region: string): string {
  return [
    '#!/bin/bash',
    'set -euo pipefail',
    '# no internet: the global STS endpoint (a public address) would hang, so every SDK uses the regional one',
    'mkdir -p "$HOME/.aws"',
    `printf '[default]\\nregion = ${region}\\nsts_regional_endpoints = regional\\n' > "$HOME/.aws/config"`,
    '',
  ].join('\n');
}

/**
 * a notebook lifecycle configuration that stops the notebook instance after the configured
 * idle time (no busy kernel and no activity on the Jupyter server), so an idle notebook costs only
 * its storage volume.
 */
export class NotebookIdleStop extends Construct {
  /** the lifecycle configuration */
  public readonly lifecycleConfig: sagemaker.CfnNotebookInstanceLifecycleConfig;

  constructor(scope: Construct, id: string, props: NotebookIdleStopProps) {
    super(scope, id);
    this.lifecycleConfig = new sagemaker.CfnNotebookInstanceLifecycleConfig(this, 'LifecycleConfig', {
      notebookInstanceLifecycleConfigName: props.name,
      onStart: [{ content: Buffer.from(onStartScript(props.idleTimeoutMinutes, props.region)).toString('base64') }],
    });
  }
}
