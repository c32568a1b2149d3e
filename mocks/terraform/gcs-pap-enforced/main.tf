# LATENT: allUsers binding held back by public access prevention.
resource "google_storage_bucket" "b" {
  name                        = "ba-gcs-pap"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
}

resource "google_storage_bucket_iam_member" "public" {
  bucket = google_storage_bucket.b.name
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}
