-- Agency.publicVersion has become the version of all the agency's data (public pages, page caches, background
-- recomputation): renamed, keeping its value.
ALTER TABLE "Agency" RENAME COLUMN "publicVersion" TO "dataVersion";
