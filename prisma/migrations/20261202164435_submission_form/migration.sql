-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "form" JSONB NOT NULL DEFAULT '{}';
