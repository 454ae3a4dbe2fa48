"""The Gradio web app: the chat UI, the embeddable /tutor page and the FastAPI server that mounts both."""
