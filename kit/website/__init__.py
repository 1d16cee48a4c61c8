"""MkDocs integration: the plugin that puts the edition data and the kit's downloads into the site."""
