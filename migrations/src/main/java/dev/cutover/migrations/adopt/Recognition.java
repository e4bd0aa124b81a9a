package dev.cutover.migrations.adopt;

import java.util.List;

/**
 * What {@code adopt --check} found: how far the database is on the way from the FastAPI template to Cutover, or why
 * it cannot be adopted.
 *
 * @param stage           where the database is
 * @param revision        the template's Alembic revision found, null when there is none
 * @param differences     what stands in the way, one line each (empty unless {@link Stage#REFUSED})
 * @param notes           what differs from the template but is kept as it is
 * @param adoptApplied    adoption steps applied (versions in {@code cutover_adopt_history})
 * @param adoptPending    adoption steps still to run, contract steps included
 * @param cutoverVersion  Cutover's schema version in Flyway's history, null before the baseline
 * @param cutoverPending  Cutover migrations still to run
 */
public record Recognition(Stage stage, String revision, List<String> differences, List<String> notes,
                          List<String> adoptApplied, List<String> adoptPending, String cutoverVersion,
                          List<String> cutoverPending) {

    /** Where a database stands. */
    public enum Stage {
        /** The template's tables at a known revision, nothing adopted yet: {@code adopt} starts here. */
        TEMPLATE,
        /** Some expand steps are applied: {@code adopt} carries on from there. */
        EXPANDING,
        /** Both services can run on it; {@code adopt --contract} is left, once the old service is gone. */
        EXPANDED,
        /** Adopted and contracted: Cutover's schema, nothing left to do. */
        CONTRACTED,
        /** Not adoptable as it is; {@link #differences()} says why. Nothing was changed. */
        REFUSED
    }

    public boolean adoptable() {
        return stage != Stage.REFUSED;
    }

    /** One line for an operator. */
    public String summary() {
        return switch (stage) {
            case TEMPLATE -> "FastAPI template database at Alembic revision " + revision + ": adoptable";
            case EXPANDING -> "adoption of revision " + revision + " in progress: adopt steps applied " + adoptApplied
                    + ", Cutover schema at " + (cutoverVersion == null ? "-" : "V" + cutoverVersion)
                    + "; run 'cutover adopt' to carry on";
            case EXPANDED -> "adopted from revision " + revision + " (Cutover schema at V" + cutoverVersion
                    + "); both services can run; 'cutover adopt --contract --confirm' once the old service is gone";
            case CONTRACTED -> "adopted and contracted (Cutover schema at V" + cutoverVersion + "): nothing to do";
            case REFUSED -> "not adoptable: " + differences.get(0)
                    + (differences.size() > 1 ? " (and " + (differences.size() - 1) + " more)" : "");
        };
    }
}
