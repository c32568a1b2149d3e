# BAD: a container-level public container on an account that allows it.
resource "azurerm_storage_account" "sa" {
  name                            = "bapublicsa"
  resource_group_name             = "rg-bucketaudit"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  allow_nested_items_to_be_public = true
}

resource "azurerm_storage_container" "public" {
  name                  = "public"
  storage_account_name  = azurerm_storage_account.sa.name
  container_access_type = "container"
}
