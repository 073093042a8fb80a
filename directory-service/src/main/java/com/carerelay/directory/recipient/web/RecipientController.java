package com.carerelay.directory.recipient.web;

import com.carerelay.platform.security.Caller;
import com.carerelay.directory.recipient.RecipientSearch;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The compose box's recipient typeahead: staff, groups, portal clients and DIRECT contacts matching a partial name. */
@RestController
@RequestMapping("/api/v1/recipients")
public class RecipientController {

    private final RecipientSearch search;

    public RecipientController(RecipientSearch search) {
        this.search = search;
    }

    public record RecipientsView(String query, List<RecipientSearch.Match> items) {
    }

    @GetMapping
    public RecipientsView search(Caller caller, @RequestParam(required = false) String q,
                                 @RequestParam(defaultValue = "10") int limit) {
        return new RecipientsView(q, search.search(caller, q, limit));
    }
}
