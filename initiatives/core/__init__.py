"""Building blocks shared by every domain: database, access rules, unit of work, errors, i18n."""
