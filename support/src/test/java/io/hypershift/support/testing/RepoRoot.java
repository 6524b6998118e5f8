package io.hypershift.support.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root (the directory holding {@code hack/}) from a module's working directory. */
public final class RepoRoot {
    private RepoRoot() {}

    public static Path find() {
        String explicit = System.getProperty("hypershift.repo.root");
        if (explicit != null) {
            return Path.of(explicit).toAbsolutePath();
        }
        Path dir = Path.of("").toAbsolutePath();
        for (int i = 0; i < 6 && dir != null; i++, dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("hack/local-registry.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find hack/local-registry.sh above " + Path.of("").toAbsolutePath()
                + "; set -Dhypershift.repo.root=<checkout>");
    }

    public static Path script(String name) {
        return find().resolve("hack").resolve(name);
    }
}
