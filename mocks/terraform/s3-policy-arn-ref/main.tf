# PUBLIC: the bucket policy names the bucket through aws_s3_bucket.b.arn and .bucket. On a create plan
# Terraform marks the policy known only after apply (arn is computed by the provider), but an S3 bucket's
# arn is arn:aws:s3:::<bucket> and the bucket name is configured: the plan reader resolves it.
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "b" {
  bucket = "ba-arn-ref"
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}

resource "aws_s3_bucket_policy" "p" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Sid = "PublicRead", Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "${aws_s3_bucket.b.arn}/*" },
      { Sid = "PublicList", Effect = "Allow", Principal = "*", Action = "s3:ListBucket", Resource = "arn:aws:s3:::${aws_s3_bucket.b.bucket}" },
    ]
  })
}
