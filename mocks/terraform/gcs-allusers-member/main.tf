# BAD: allUsers can read every object.
resource "google_storage_bucket" "b" {
  name                        = "ba-gcs-allusers"
  location                    = "EU"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket_iam_member" "public" {
  bucket = google_storage_bucket.b.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}
