-- the staff member's directory roles, carried on the events they cause (audit's "role at the time")
alter table directory_entry add column roles text[];
