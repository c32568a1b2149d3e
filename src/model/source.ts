/** Where a resource (or a value of it) came from, so every finding points where a human can go. */
export interface SourceRef {
  origin: 'live' | 'terraform-plan' | 'terraform-hcl' | 'mock';
  /** ARN, gs:// URL, https blob URL, or file path for Terraform. */
  uri: string;
  /** Terraform file (relative to the scanned root when possible). */
  file?: string;
  /** 1-based line in `file`. */
  line?: number;
  /** Terraform resource address, e.g. module.web.aws_s3_bucket.site["a"]. */
  address?: string;
}
