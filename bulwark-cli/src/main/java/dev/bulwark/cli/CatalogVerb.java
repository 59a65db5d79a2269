package dev.bulwark.cli;

import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What every {@code catalog} verb shares: {@code --catalog}, {@code --format text|json} and printing one view of a
 * result. A verb that reads one result from the catalog extends {@link CatalogQuery}; others (add, which builds
 * first) extend this and print each result with {@link #print}.
 */
abstract class CatalogVerb implements Callable<Integer> {
    @Mixin
    FormatOption format;
    @Mixin
    CatalogOptions catalogOptions;
    @picocli.CommandLine.Spec
    CommandSpec self;

    /** A result's two views; only the one asked for is rendered. */
    record View(Supplier<String> json, Supplier<String> text) {
    }

    /** Prints the view {@code --format} asks for, with a newline. */
    void print(View view) {
        CatalogText.print(self, format.json() ? view.json().get() : view.text().get());
    }
}
