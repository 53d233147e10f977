"""Many pairs at once: `newsread batch` reads a pairs file, has each pair analysed
exactly as `newsread compare` does (on Dask workers), and writes the results as
plain tables in the database.

`pairs` reads the pairs file, `tables` turns an analysis into rows and writes
them, `worker` is what runs on the Dask workers, and `run` drives a whole
batch from the one process that writes the database.
"""
