# BAD: every Google account can read (allAuthenticatedUsers).
resource "google_storage_bucket" "b" {
  name                        = "ba-gcs-allauth"
  location                    = "US"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket_iam_binding" "readers" {
  bucket  = google_storage_bucket.b.name
  role    = "roles/storage.objectViewer"
  members = ["allAuthenticatedUsers", "user:alice@example.com"]
}
