package com.carerelay.directory.practice.web;

import com.carerelay.directory.config.Caller;
import com.carerelay.directory.practice.PracticeService;
import jakarta.validation.Valid;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own practice: its name, sender address and switches. */
@RestController
@RequestMapping("/api/v1/practice")
public class PracticeController {

    private final PracticeService practices;

    public PracticeController(PracticeService practices) {
        this.practices = practices;
    }

    @GetMapping
    public PracticeView get(Caller caller) {
        return PracticeView.of(practices.get(caller));
    }

    @PutMapping
    public PracticeView update(Caller caller, @Valid @RequestBody PracticeRequest request) {
        return PracticeView.of(practices.update(caller, request));
    }
}
