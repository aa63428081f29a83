-- Git: repositories, stacks from them, deliveries (pushes and polls) and the commit each deployment brought.
-- CreateTable
CREATE TABLE "Repository" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "access" TEXT NOT NULL,
    "deployKey" BLOB,
    "deployKeyPublic" TEXT,
    "token" BLOB,
    "tokenUsername" TEXT,
    "hostKeyFingerprint" TEXT,
    "hostKeyType" TEXT,
    "hostKey" TEXT,
    "lastFetchedAt" DATETIME,
    "lastError" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- AlterTable: Stack (SQLite adds one column per statement)
ALTER TABLE "Stack" ADD COLUMN "repositoryId" TEXT REFERENCES "Repository" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Stack" ADD COLUMN "gitRef" TEXT;
ALTER TABLE "Stack" ADD COLUMN "tagPattern" TEXT;
ALTER TABLE "Stack" ADD COLUMN "composePath" TEXT;
ALTER TABLE "Stack" ADD COLUMN "pollIntervalSeconds" INTEGER NOT NULL DEFAULT 60;
ALTER TABLE "Stack" ADD COLUMN "autoDeploy" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "Stack" ADD COLUMN "hookId" TEXT;
ALTER TABLE "Stack" ADD COLUMN "hookSecret" BLOB;
ALTER TABLE "Stack" ADD COLUMN "lastSeenCommit" TEXT;
ALTER TABLE "Stack" ADD COLUMN "lastPolledAt" DATETIME;

-- AlterTable: Deployment
ALTER TABLE "Deployment" ADD COLUMN "trigger" TEXT NOT NULL DEFAULT 'manual';
ALTER TABLE "Deployment" ADD COLUMN "repositoryId" TEXT;
ALTER TABLE "Deployment" ADD COLUMN "gitRef" TEXT;
ALTER TABLE "Deployment" ADD COLUMN "commitSha" TEXT;
ALTER TABLE "Deployment" ADD COLUMN "commitSubject" TEXT;
ALTER TABLE "Deployment" ADD COLUMN "commitAuthor" TEXT;
ALTER TABLE "Deployment" ADD COLUMN "commitTime" DATETIME;
ALTER TABLE "Deployment" ADD COLUMN "composePath" TEXT;
ALTER TABLE "Deployment" ADD COLUMN "files" TEXT NOT NULL DEFAULT '[]';

-- CreateTable
CREATE TABLE "Delivery" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "stackId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "event" TEXT,
    "deliveryId" TEXT,
    "ref" TEXT,
    "commitSha" TEXT,
    "signature" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "deploymentId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Delivery_stackId_fkey" FOREIGN KEY ("stackId") REFERENCES "Stack" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "Stack_hookId_key" ON "Stack"("hookId");
CREATE UNIQUE INDEX "Repository_name_key" ON "Repository"("name");
CREATE UNIQUE INDEX "Repository_url_key" ON "Repository"("url");
CREATE INDEX "Delivery_stackId_createdAt_idx" ON "Delivery"("stackId", "createdAt");
CREATE INDEX "Delivery_stackId_source_deliveryId_idx" ON "Delivery"("stackId", "source", "deliveryId");
