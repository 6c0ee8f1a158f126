"""The inventory from NetBox (4.2 or newer), read through pynetbox.

``client`` is the one door to pynetbox; ``models`` checks NetBox's answers at the edge;
``mapping`` reads the file that says which regions or site groups are which levels and
which platform slugs are which netmiko device types; ``convert`` turns the answers into
inventory items; ``importer`` writes them and checks the result loads.
"""
