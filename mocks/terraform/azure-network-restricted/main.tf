# RESTRICTED: public container, but the firewall only admits one public CIDR.
resource "azurerm_storage_account" "sa" {
  name                            = "barestrictedsa"
  resource_group_name             = "rg-bucketaudit"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "LRS"
  allow_nested_items_to_be_public = true
}

resource "azurerm_storage_account_network_rules" "sa" {
  storage_account_id = azurerm_storage_account.sa.id
  default_action     = "Deny"
  ip_rules           = ["203.0.113.0/24"]
  bypass             = ["AzureServices"]
}

resource "azurerm_storage_container" "data" {
  name                  = "data"
  storage_account_id    = azurerm_storage_account.sa.id
  container_access_type = "container"
}
