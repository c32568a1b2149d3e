# BAD: an internet access point without Block Public Access and a public access point policy,
# with the bucket policy delegating access control to the account's access points.
provider "aws" {
  region = "us-east-1"
}

resource "aws_s3_bucket" "b" {
  bucket = "ba-ap-bucket"
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "*" }
      Action    = "*"
      Resource  = ["arn:aws:s3:::ba-ap-bucket", "arn:aws:s3:::ba-ap-bucket/*"]
      Condition = { StringEquals = { "s3:DataAccessPointAccount" = "111122223333" } }
    }]
  })
}

resource "aws_s3_access_point" "ap" {
  bucket = aws_s3_bucket.b.id
  name       = "ba-ap"
  account_id = "111122223333"
  public_access_block_configuration {
    block_public_acls       = false
    block_public_policy     = false
    ignore_public_acls      = false
    restrict_public_buckets = false
  }
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:us-east-1:111122223333:accesspoint/ba-ap/object/*" }]
  })
}
