package dev.mosaic.web;

import org.openqa.selenium.By;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.WebElement;

import java.util.Optional;

/** Finds the page's elements as a screen reader names them (DESIGN.md §9), not by their markup. */
final class AccessibleNames {
    private AccessibleNames() {
    }

    /** The first element matching css whose accessible name is name, if there is one now. */
    static Optional<WebElement> find(SearchContext page, String css, String name) {
        return page.findElements(By.cssSelector(css)).stream().filter(e -> name.equals(e.getAccessibleName()))
                .findFirst();
    }

    /** The element matching css whose accessible name is name; an AssertionError when there is none. */
    static WebElement named(SearchContext page, String css, String name) {
        return find(page, css, name).orElseThrow(() -> new AssertionError("no " + css + " named " + name));
    }
}
