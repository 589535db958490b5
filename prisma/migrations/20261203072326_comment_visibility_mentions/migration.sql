-- CreateEnum
CREATE TYPE "CommentVisibility" AS ENUM ('all', 'internal');

-- AlterTable
ALTER TABLE "Comment" ADD COLUMN     "mentions" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "visibility" "CommentVisibility" NOT NULL DEFAULT 'all';
