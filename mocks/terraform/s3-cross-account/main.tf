# SHARED: read granted to another AWS account (outside the trust zone unless --trust-account 444455556666).
resource "aws_s3_bucket" "b" {
  bucket = "ba-cross-account"
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "PartnerRead"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = ["s3:GetObject", "s3:ListBucket"]
      Resource  = ["arn:aws:s3:::ba-cross-account", "arn:aws:s3:::ba-cross-account/*"]
    }]
  })
}
