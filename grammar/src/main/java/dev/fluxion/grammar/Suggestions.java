package dev.fluxion.grammar;

/** "Did you mean" for unknown names: the known name at the least edit distance, when it is close. */
final class Suggestions {
    private Suggestions() {}

    /**
     * The candidate nearest to {@code name} by edit distance (insertions, deletions, substitutions and
     * swaps of neighbours each cost 1), or null when even the nearest needs more than about a third
     * of the name changed. Ties go to the first candidate.
     */
    static String nearest(String name, Iterable<String> candidates) {
        int limit = Math.max(1, Math.min(3, (name.length() + 1) / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (c.equals(name)) continue;
            int d = distance(name, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= limit ? best : null;
    }

    /** {@code " (did you mean 'x'?)"}, or empty when nothing is close. */
    static String hint(String name, Iterable<String> candidates) {
        String s = nearest(name, candidates);
        return s == null ? "" : " (did you mean '" + s + "'?)";
    }

    /** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions. */
    static int distance(String a, String b) {
        int n = a.length(), m = b.length();
        int[][] d = new int[n + 1][m + 1];
        for (int i = 0; i <= n; i++) d[i][0] = i;
        for (int j = 0; j <= m; j++) d[0][j] = j;
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= m; j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[n][m];
    }
}
