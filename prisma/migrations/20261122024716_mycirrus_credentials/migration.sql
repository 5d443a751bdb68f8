-- CreateEnum
CREATE TYPE "CredentialStatus" AS ENUM ('unchecked', 'valid', 'invalid');

-- CreateTable
CREATE TABLE "MyCirrusCredential" (
    "id" TEXT NOT NULL,
    "organizationId" TEXT NOT NULL,
    "baseUrl" TEXT NOT NULL,
    "keyCiphertext" TEXT NOT NULL,
    "keyId" TEXT NOT NULL,
    "last4" TEXT NOT NULL,
    "status" "CredentialStatus" NOT NULL DEFAULT 'unchecked',
    "capabilities" JSONB,
    "lastCheckedAt" TIMESTAMPTZ(3),
    "lastError" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "MyCirrusCredential_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UpstreamState" (
    "organizationId" TEXT NOT NULL,
    "tokens" DOUBLE PRECISION NOT NULL,
    "tokensAt" TIMESTAMPTZ(3) NOT NULL,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "openUntil" TIMESTAMPTZ(3),
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "UpstreamState_pkey" PRIMARY KEY ("organizationId")
);

-- CreateIndex
CREATE UNIQUE INDEX "MyCirrusCredential_organizationId_key" ON "MyCirrusCredential"("organizationId");

-- AddForeignKey
ALTER TABLE "MyCirrusCredential" ADD CONSTRAINT "MyCirrusCredential_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UpstreamState" ADD CONSTRAINT "UpstreamState_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
