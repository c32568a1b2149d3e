# LATENT: a blob-level container, but the account disallows anonymous access.
resource "azurerm_storage_account" "sa" {
  name                            = "balatentsa"
  resource_group_name             = "rg-bucketaudit"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  allow_nested_items_to_be_public = false
}

resource "azurerm_storage_container" "assets" {
  name                  = "assets"
  storage_account_id    = azurerm_storage_account.sa.id
  container_access_type = "blob"
}
