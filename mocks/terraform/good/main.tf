# GOOD examples: every guardrail on, nothing shared.
resource "aws_s3_account_public_access_block" "this" {
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket" "good" {
  bucket = "ba-good"
}

resource "aws_s3_bucket_public_access_block" "good" {
  bucket                  = aws_s3_bucket.good.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "good" {
  bucket = aws_s3_bucket.good.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "google_storage_bucket" "good" {
  name                        = "ba-gcs-good"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
}

resource "azurerm_storage_account" "good" {
  name                            = "bagoodsa"
  resource_group_name             = "rg-bucketaudit"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  allow_nested_items_to_be_public = false
  public_network_access_enabled   = false
  shared_access_key_enabled       = false
}

resource "azurerm_storage_container" "good" {
  name                  = "private"
  storage_account_id    = azurerm_storage_account.good.id
  container_access_type = "private"
}
