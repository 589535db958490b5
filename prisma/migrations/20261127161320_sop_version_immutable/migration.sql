-- Published SOP versions are immutable: running jobs keep the exact version
-- they started with. Hand-written (Prisma's diff does not model triggers).

-- CreateFunction
CREATE FUNCTION "sop_version_immutable"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'SopVersion % v% is published and immutable; publish a new version instead', OLD."sopKey", OLD."version"
        USING ERRCODE = 'raise_exception';
END;
$$;

-- CreateTrigger
CREATE TRIGGER "SopVersion_immutable"
BEFORE UPDATE ON "SopVersion"
FOR EACH ROW EXECUTE FUNCTION "sop_version_immutable"();
