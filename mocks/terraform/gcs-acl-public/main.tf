# BAD: uniform bucket-level access off and a public bucket ACL.
resource "google_storage_bucket" "b" {
  name     = "ba-gcs-acl"
  location = "EU"
}

resource "google_storage_bucket_acl" "b" {
  bucket      = google_storage_bucket.b.name
  role_entity = ["OWNER:project-owners-123456", "READER:allUsers"]
}
