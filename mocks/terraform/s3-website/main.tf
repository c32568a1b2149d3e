# BAD: static website with public read.
locals {
  site = "ba-website"
}

resource "aws_s3_bucket" "site" {
  bucket = local.site
}

resource "aws_s3_bucket_website_configuration" "site" {
  bucket = aws_s3_bucket.site.id
  index_document {
    suffix = "index.html"
  }
  error_document {
    key = "error.html"
  }
}

resource "aws_s3_bucket_public_access_block" "site" {
  bucket                  = aws_s3_bucket.site.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Sid = "Website", Effect = "Allow", Principal = "*", Action = "s3:GetObject", Resource = "arn:aws:s3:::${local.site}/*" }]
  })
}
