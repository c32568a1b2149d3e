# GOOD: a new bucket with nothing else: S3 defaults (April 2023) keep it private.
resource "aws_s3_bucket" "b" {
  bucket = "ba-safe-default"
}
