"""Getting articles in: files, web pages, feeds and WARC archives."""
