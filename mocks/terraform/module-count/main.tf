# count / for_each and a local module: addresses carry instance keys.
module "buckets" {
  source   = "./modules/bucket"
  for_each = { alpha = true, beta = false }
  name     = "ba-mod-${each.key}"
  public   = each.value
}

resource "aws_s3_bucket" "logs" {
  count  = 2
  bucket = "ba-logs-${count.index}"
}
