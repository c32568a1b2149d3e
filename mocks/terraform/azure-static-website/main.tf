# BAD (designed-public): the static website serves $web anonymously.
resource "azurerm_storage_account" "web" {
  name                            = "bawebsitesa"
  resource_group_name             = "rg-bucketaudit"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  allow_nested_items_to_be_public = false

  static_website {
    index_document     = "index.html"
    error_404_document = "404.html"
  }
}
