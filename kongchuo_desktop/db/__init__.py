"""The data layer: one SQLite file, peewee models, versioned schema, backups."""
