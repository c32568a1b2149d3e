/**
 * The environment of an offline AWS scan in a test: static keys (the test's own, so that logs tell tests apart), a
 * region, and no EC2 metadata lookup or SDK Node-version warning.
 */
export function offlineAwsEnv(accessKeyId: string, secretAccessKey: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_REGION: 'us-east-1',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
}
