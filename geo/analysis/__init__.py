"""Analysis: from stored records to the figures leaders read: filters, counts per unit, classes,
replication spread, targets met, and the dataset each view needs."""
