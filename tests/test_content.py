from redislab import content


def test_content_folders_found_from_checkout():
    assert content.lessons_dir().is_dir()
    assert content.quizzes_dir().is_dir()
    assert (content.lessons_dir() / "README.md").is_file()
