import { evaluateRestricted } from '../_exposure.js';
import type { Check } from '../types.js';

export const s3BucketNotNetworkRestricted: Check = {
  id: 'BA-AWS-003',
  slug: 's3-bucket-no-network-pinned-anonymous-access',
  title: 'S3 bucket grants no anonymous access from pinned networks',
  description:
    'Fails when an anonymous grant is only pinned to a network origin (aws:SourceIp public CIDR, VPC, VPC endpoint): RESTRICTED. Severity S-6 (one level below public) or S-6b (INFO for private networks).',
  severity: 'medium',
  provider: 'aws',
  compliance: {},
  rules: ['A-6', 'A-10', 'S-6', 'S-6b'],
  remediation: {
    summary:
      'Replace Principal "*" with the specific IAM principals that need access, keeping the network condition as an additional restriction.',
    cli: 'aws s3api get-bucket-policy --bucket BUCKET --query Policy --output text > policy.json  # edit the Principal, then\naws s3api put-bucket-policy --bucket BUCKET --policy file://policy.json',
    terraform:
      'data "aws_iam_policy_document" "this" {\n  statement {\n    principals {\n      type        = "AWS"\n      identifiers = [aws_iam_role.reader.arn]\n    }\n    actions   = ["s3:GetObject"]\n    resources = [format("%s/*", aws_s3_bucket.this.arn)]\n    condition {\n      test     = "StringEquals"\n      variable = "aws:SourceVpce"\n      values   = [var.vpce_id]\n    }\n  }\n}',
  },
  evaluate: (a, ctx) => evaluateRestricted(a, ctx),
};
