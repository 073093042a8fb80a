package com.carerelay.directory.group.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

public record GroupRequest(@NotBlank @Size(max = 100) String name, @NotNull @Size(max = 1000) List<@NotNull UUID> memberIds) {
}
