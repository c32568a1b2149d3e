import { describe, expect, it } from 'vitest';
import { personalize } from '../../src/checks/personalize.js';
import type { StorageResource } from '../../src/model/index.js';
import { resource } from '../helpers/findings.js';

const azureContainer: StorageResource = {
  id: 'https://acme.blob.core.windows.net/data',
  provider: 'azure',
  kind: 'container',
  name: 'data',
  account: 'sub',
  source: { origin: 'mock', uri: 'x' },
  facts: {
    provider: 'azure',
    scope: 'container',
    publicAccess: { known: true, value: 'Container' },
    account: {
      accountName: 'acme',
      resourceGroup: 'rg-data',
      allowBlobPublicAccess: { known: true, value: true },
      publicNetworkAccess: { known: true, value: null },
      networkRules: { known: true, value: null },
      allowSharedKeyAccess: { known: true, value: null },
      staticWebsite: { known: true, value: null },
    },
  },
};

describe('remediation placeholders', () => {
  it('fills the bucket and account id for S3', () => {
    const r = personalize(
      { summary: 's', cli: 'aws s3api delete-bucket-policy --bucket BUCKET && echo ACCOUNT_ID BUCKETS' },
      resource('logs'),
    );
    expect(r.cli).toBe('aws s3api delete-bucket-policy --bucket logs && echo 111122223333 BUCKETS');
  });
  it('fills account, container and resource group for Azure', () => {
    const r = personalize(
      { summary: 's', cli: 'az storage container set-permission --account-name ACCOUNT --name CONTAINER -g RG' },
      azureContainer,
    );
    expect(r.cli).toBe('az storage container set-permission --account-name acme --name data -g rg-data');
  });
  it('leaves placeholders it cannot fill, and the summary and Terraform untouched', () => {
    const rem = { summary: 'BUCKET', terraform: 'bucket = "BUCKET"', cli: 'x --account-id ACCOUNT_ID' };
    const r = personalize(rem, resource('b', { account: 'admin' }));
    expect(r).toEqual({ ...rem, cli: 'x --account-id ACCOUNT_ID' });
  });
});

describe('remediation placeholders with hostile names', () => {
  it('never pastes a name with shell or markup characters into a command', () => {
    const r = personalize({ summary: 's', cli: 'aws s3api get-bucket-policy --bucket BUCKET' }, resource('x; rm -rf / <script>'));
    expect(r.cli).toBe('aws s3api get-bucket-policy --bucket BUCKET');
  });
});
