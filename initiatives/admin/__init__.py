"""The admin's pages: accounts, neighbourhoods and departments."""
