# A public bucket whose exposure is intended and suppressed inline.
resource "aws_s3_bucket" "b" {
  bucket = "ba-suppressed"
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}

# Public downloads bucket.
# bucketaudit:ignore BA-AWS-001 reason: public downloads, approved in SEC-123
resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::ba-suppressed/*" }]
  })
}
