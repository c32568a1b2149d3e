# RESTRICTED: anonymous read pinned to a public CIDR (aws_iam_policy_document with a SourceIp condition).
resource "aws_s3_bucket" "b" {
  bucket = "ba-sourceip"
}

resource "aws_s3_bucket_public_access_block" "b" {
  bucket                  = aws_s3_bucket.b.id
  block_public_acls       = false
  block_public_policy     = false
  ignore_public_acls      = false
  restrict_public_buckets = false
}

data "aws_iam_policy_document" "read_from_office" {
  statement {
    sid     = "OfficeRead"
    actions = ["s3:GetObject"]
    resources = ["arn:aws:s3:::ba-sourceip/*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "IpAddress"
      variable = "aws:SourceIp"
      values   = ["203.0.113.0/24"]
    }
  }
}

resource "aws_s3_bucket_policy" "b" {
  bucket = aws_s3_bucket.b.id
  policy = data.aws_iam_policy_document.read_from_office.json
}
