import { s3AccountBpaEnabled } from './aws/s3-account-bpa-enabled.js';
import { s3AclsDisabled } from './aws/s3-acls-disabled.js';
import { s3BucketBpaEnabled } from './aws/s3-bucket-bpa-enabled.js';
import { s3BucketNoLatentExposure } from './aws/s3-bucket-no-latent-exposure.js';
import { s3BucketNoPublicWrite } from './aws/s3-bucket-no-public-write.js';
import { s3BucketNotNetworkRestricted } from './aws/s3-bucket-not-network-restricted.js';
import { s3BucketNotPublic } from './aws/s3-bucket-not-public.js';
import { s3BucketNotShared } from './aws/s3-bucket-not-shared.js';
import { s3ObjectAclsSampled } from './aws/s3-object-acls-sampled.js';
import { allowBlobPublicAccessDisabled } from './azure/allow-blob-public-access-disabled.js';
import { blobContainerNoLatentExposure } from './azure/blob-container-no-latent-exposure.js';
import { blobContainerNotNetworkRestricted } from './azure/blob-container-not-network-restricted.js';
import { blobContainerNotPublic } from './azure/blob-container-not-public.js';
import { networkDefaultDeny } from './azure/network-default-deny.js';
import { sharedKeyDisabled } from './azure/shared-key-disabled.js';
import { staticWebsiteNotServing } from './azure/static-website-not-serving.js';
import { gcsBucketNoLatentExposure } from './gcp/gcs-bucket-no-latent-exposure.js';
import { gcsBucketNoPublicWrite } from './gcp/gcs-bucket-no-public-write.js';
import { gcsBucketNotPublic } from './gcp/gcs-bucket-not-public.js';
import { gcsBucketNotShared } from './gcp/gcs-bucket-not-shared.js';
import { gcsPublicAccessPrevention } from './gcp/gcs-public-access-prevention.js';
import { gcsUniformAccess } from './gcp/gcs-uniform-access.js';
import { inputsReadable } from './generic/inputs-readable.js';
import { probeAgrees } from './generic/probe-agrees.js';
import { providerOpinionAgrees } from './generic/provider-opinion-agrees.js';
import { createRegistry } from './registry.js';
import type { Check } from './types.js';

/** Every check, in id order. Ids are forever: retire with `deprecated`, never delete or reuse. */
export const CHECKS: readonly Check[] = [
  s3BucketNotPublic,
  s3BucketNoPublicWrite,
  s3BucketNotNetworkRestricted,
  s3BucketNotShared,
  s3BucketNoLatentExposure,
  s3AccountBpaEnabled,
  s3BucketBpaEnabled,
  s3AclsDisabled,
  s3ObjectAclsSampled,
  gcsBucketNotPublic,
  gcsBucketNoPublicWrite,
  gcsBucketNotShared,
  gcsBucketNoLatentExposure,
  gcsUniformAccess,
  gcsPublicAccessPrevention,
  blobContainerNotPublic,
  blobContainerNotNetworkRestricted,
  blobContainerNoLatentExposure,
  allowBlobPublicAccessDisabled,
  networkDefaultDeny,
  sharedKeyDisabled,
  staticWebsiteNotServing,
  inputsReadable,
  providerOpinionAgrees,
  probeAgrees,
];

/** Validated at module load: a bad id fails every test and the CLI start. */
export const REGISTRY = createRegistry(CHECKS);
